import type { RunEvent } from '@agenthub/contracts';
import type { ModelUsage } from '../models/model.port.js';

/** Private chunk carrying token usage from a node to `runWorkflow` (never sent to clients). */
export interface UsageChunk {
  type: '__usage';
  nodeId: string;
  usage: ModelUsage;
}
export type StreamChunk = RunEvent | UsageChunk;
