import type { Run, RunStep } from '@agenthub/contracts';
import type { ModelLabel } from './runtime.ports.js';
import type { WorkflowExecutionStepEntity } from './workflow-execution-step.entity.js';
import type { WorkflowExecutionEntity } from './workflow-execution.entity.js';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** The stored run as the API shows it (the definition snapshot and run options stay internal). */
export function toRunDto(run: WorkflowExecutionEntity): Run {
  return {
    id: run.id,
    kind: run.kind,
    status: run.status,
    agentId: run.agentId,
    agentVersionId: run.agentVersionId,
    agentVersion: run.agentVersion,
    chatId: run.chatId,
    messageId: run.messageId,
    userId: run.userId,
    currentNode: run.currentNode,
    nodeCounts: { total: run.nodesTotal, completed: run.nodesCompleted, failed: run.nodesFailed },
    stepLimit: run.stepLimit,
    error: run.errorInfo,
    usage: { promptTokens: run.promptTokens, completionTokens: run.completionTokens, costUsd: run.costUsd },
    createdAt: run.createdAt.toISOString(),
    startedAt: iso(run.startedAt),
    pausedAt: iso(run.pausedAt),
    completedAt: iso(run.completedAt),
  };
}

/** `labels`: what the trace shows of each step's service config (name and model name, never settings). */
export function toRunStepDto(
  step: WorkflowExecutionStepEntity,
  labels: ReadonlyMap<string, ModelLabel>,
): RunStep {
  const id = step.serviceConfigId;
  return {
    id: step.id,
    runId: step.runId,
    seq: step.seq,
    nodeId: step.nodeId,
    nodeType: step.nodeType,
    status: step.status,
    attempt: step.attempt,
    input: step.input ?? null,
    output: step.output ?? null,
    error: step.error,
    durationMs: step.durationMs,
    usage: {
      promptTokens: step.promptTokens,
      completionTokens: step.completionTokens,
      costUsd: step.costUsd,
    },
    model: id
      ? { serviceConfigId: id, ...(labels.get(id) ?? { serviceConfigName: null, model: null }) }
      : null,
    startedAt: step.startedAt.toISOString(),
    finishedAt: iso(step.finishedAt),
  };
}
