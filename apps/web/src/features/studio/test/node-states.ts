import type { RunEvent, RunStep } from '@agenthub/contracts';

/** How the Test tab paints a node while (and after) a run goes through it. */
export type NodeRunState = 'queued' | 'running' | 'succeeded' | 'failed' | 'skipped' | 'paused';

export interface NodeRunInfo {
  state: NodeRunState;
  /** Times the node started (loops and retries run it again). */
  runs: number;
  /** The engine's attempt of its last execution (retry policy). */
  attempt: number;
  error?: { code: string; message: string };
}

export type NodeStates = ReadonlyMap<string, NodeRunInfo>;

const queued = (): NodeRunInfo => ({ state: 'queued', runs: 0, attempt: 0 });

/**
 * The state of every node from a run's events, in order (the events of all its segments: a
 * resume or a retry continues from where the last one left). Before the first `run` event
 * nothing is painted. Every node starts `queued`; `started` → running, `finished` → succeeded,
 * `failed` (or an `error` naming it) → failed, an `interrupt` → paused. At `done`: a completed or
 * cancelled run's never-reached nodes are skipped (a failed or paused run keeps them queued: a
 * retry or resume may still reach them), and nodes still running end failed, or skipped if
 * cancelled. Parallel branches are simply several nodes running at once.
 */
export function nodeStates(nodeIds: readonly string[], events: readonly RunEvent[]): NodeStates {
  const states = new Map<string, NodeRunInfo>();
  const set = (id: string, patch: Partial<NodeRunInfo>) =>
    states.set(id, { ...(states.get(id) ?? queued()), ...patch });
  for (const event of events) {
    switch (event.type) {
      case 'run':
        for (const id of nodeIds) if (!states.has(id)) states.set(id, queued());
        break;
      case 'node': {
        const { nodeId, status, attempt, error } = event.data;
        const current = states.get(nodeId) ?? queued();
        if (status === 'started')
          set(nodeId, { state: 'running', runs: current.runs + 1, attempt: attempt ?? 1, error: undefined });
        else if (status === 'finished')
          set(nodeId, { state: 'succeeded', attempt: attempt ?? current.attempt });
        else
          set(nodeId, { state: 'failed', attempt: attempt ?? current.attempt, ...(error ? { error } : {}) });
        break;
      }
      case 'interrupt':
        set(event.data.nodeId, { state: 'paused' });
        break;
      case 'error':
        if (event.data.nodeId)
          set(event.data.nodeId, {
            state: 'failed',
            error: { code: event.data.code, message: event.data.message },
          });
        break;
      case 'done': {
        const status = event.data.status;
        for (const [id, info] of states) {
          if (info.state === 'running')
            states.set(id, {
              ...info,
              state: status === 'cancelled' || status === 'completed' ? 'skipped' : 'failed',
            });
          else if (info.state === 'queued' && (status === 'completed' || status === 'cancelled'))
            states.set(id, { ...info, state: 'skipped' });
        }
        break;
      }
      default:
        break;
    }
  }
  return states;
}

const STEP_STATE: Record<RunStep['status'], NodeRunState> = {
  running: 'running',
  completed: 'succeeded',
  failed: 'failed',
  paused: 'paused',
  cancelled: 'skipped',
};

/** A recorded run's node states from its steps (a run opened from the history has no events here). */
export function statesFromSteps(steps: readonly RunStep[]): NodeStates {
  const states = new Map<string, NodeRunInfo>();
  for (const step of [...steps].sort((a, b) => a.seq - b.seq)) {
    const runs = (states.get(step.nodeId)?.runs ?? 0) + 1;
    states.set(step.nodeId, {
      state: STEP_STATE[step.status],
      runs,
      attempt: step.attempt,
      ...(step.error ? { error: step.error } : {}),
    });
  }
  return states;
}
