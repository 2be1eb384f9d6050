import type {
  AgentRunListQuery,
  AgentTestRequest,
  RunActionResponse,
  RunList,
  RunStepList,
} from '@agenthub/contracts';
import { type EventStreamHandlers, openEventStream } from './chats.api';
import { http } from './http-client';

const agentPath = (id: string) => `/agents/${encodeURIComponent(id)}`;
const runPath = (agentId: string, runId: string) => `${agentPath(agentId)}/runs/${encodeURIComponent(runId)}`;

/** The Studio's Test tab: draft test runs (streamed), their control, and the agent's run history. */
export const agentRunsApi = {
  /** Runs the draft with a test input and run variables; streams its events (first `run`). */
  test: (agentId: string, body: AgentTestRequest, handlers: EventStreamHandlers) =>
    openEventStream(`${agentPath(agentId)}/test`, { method: 'POST', body }, handlers),
  /** Answers a test run paused at human input; streams what follows. */
  resume: (agentId: string, runId: string, input: string, handlers: EventStreamHandlers) =>
    openEventStream(`${runPath(agentId, runId)}/resume`, { method: 'POST', body: { input } }, handlers),
  /** Retries a failed test run from the failed node; streams what follows. */
  retry: (agentId: string, runId: string, handlers: EventStreamHandlers) =>
    openEventStream(`${runPath(agentId, runId)}/retry`, { method: 'POST' }, handlers),
  cancel: (agentId: string, runId: string) =>
    http.post<RunActionResponse>(`${runPath(agentId, runId)}/cancel`),
  list: (agentId: string, query: Partial<AgentRunListQuery>, signal?: AbortSignal) =>
    http.get<RunList>(`${agentPath(agentId)}/runs`, { ...query }, { signal }),
  steps: (agentId: string, runId: string, signal?: AbortSignal) =>
    http.get<RunStepList>(`${runPath(agentId, runId)}/steps`, { pageSize: 100 }, { signal }),
};
