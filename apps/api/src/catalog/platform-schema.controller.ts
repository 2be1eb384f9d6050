import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  PLATFORM_SCHEMA_VERSIONS,
  type PlatformSchemaDocument,
  platformSchemaDocumentSchema,
  runEventJsonSchemas,
  workflowDefinitionJsonSchema,
} from '@agenthub/contracts';
import { ApiErrors, ZodResponse } from '../common/zod.decorators.js';
import { NodeTypeService } from './node-type.service.js';

/**
 * `GET /api/schema`. Authenticated (any role, access token or API key), as n8n's node-type
 * descriptions are: the node catalogue includes node types admins made for their own platform,
 * which an anonymous visitor has no reason to enumerate. Editors and the CLI always hold a
 * credential anyway.
 */
@ApiTags('system')
@ApiErrors(401)
@Controller('schema')
export class PlatformSchemaController {
  constructor(private readonly nodeTypes: NodeTypeService) {}

  @Get()
  @ApiOperation({
    summary:
      'JSON Schemas of the workflow definition, of each node type config and of each run event, with versions',
  })
  @ZodResponse(200, platformSchemaDocumentSchema)
  async get(): Promise<PlatformSchemaDocument> {
    const descriptors = await this.nodeTypes.listDescriptors();
    return {
      versions: PLATFORM_SCHEMA_VERSIONS,
      workflowDefinition: workflowDefinitionJsonSchema,
      nodeTypes: descriptors.map((d) => ({
        typeName: d.typeName,
        kind: d.kind,
        displayName: d.displayName,
        configSchema: d.inputSchema,
        outputSchema: d.outputSchema,
        defaultConfig: d.defaultConfig,
        requiredServices: d.requiredServices,
      })),
      eventTypes: runEventJsonSchemas,
    };
  }
}
