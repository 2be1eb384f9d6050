import { Injectable } from '@nestjs/common';
import type { NodeTypeDescriptor } from '@agenthub/contracts';
import { NodeTypeService } from '../../catalog/node-type.service.js';
import { NodeTypeSource } from './agent.ports.js';

/** The catalog's node types (cached there, invalidated on admin edits). */
@Injectable()
export class CatalogNodeTypeSource extends NodeTypeSource {
  constructor(private readonly catalog: NodeTypeService) {
    super();
  }

  listDescriptors(): Promise<NodeTypeDescriptor[]> {
    return this.catalog.listDescriptors();
  }
}
