import { Injectable } from '@nestjs/common';
import type { NodeTypeDescriptor } from '@agenthub/contracts';
import { BUILTIN_NODE_TYPES } from '@agenthub/engine';
import type {
  McpServerSource,
  ModelConfigSource,
  NodeTypeSource,
  ResolvedMcpServer,
  ResolvedModelConfig,
} from './runtime.ports.js';

/**
 * Stand-ins used until the integration and catalog modules provide the ports: the platform has
 * no provider configured yet, so every model is the offline demo provider, the same default a
 * fresh install gets.
 */
@Injectable()
export class DemoModelConfigSource implements ModelConfigSource {
  resolveModelConfig(configId: string | null): Promise<ResolvedModelConfig> {
    return Promise.resolve({ configId, kind: 'demo', config: {}, pricing: null });
  }
}

@Injectable()
export class NoMcpServerSource implements McpServerSource {
  resolveServer(): Promise<ResolvedMcpServer | null> {
    return Promise.resolve(null);
  }

  recordCall(): Promise<void> {
    return Promise.resolve();
  }
}

@Injectable()
export class BuiltinNodeTypeSource implements NodeTypeSource {
  listNodeTypes(): Promise<NodeTypeDescriptor[]> {
    return Promise.resolve([...BUILTIN_NODE_TYPES]);
  }
}
