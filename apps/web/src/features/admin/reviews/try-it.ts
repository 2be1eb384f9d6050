import type { ChatTurn, RunEvent, RunFinalStatus } from '@agenthub/contracts';

/**
 * The review queue's "try it" conversation, as a pure fold of run events: each reply grows by
 * its `message` deltas and ends with the run's status or error.
 */
export interface TryTurn {
  role: 'user' | 'assistant';
  content: string;
  status?: 'running' | RunFinalStatus;
  error?: string;
}

export function applyTryEvent(turn: TryTurn, event: RunEvent): TryTurn {
  switch (event.type) {
    case 'message':
      return { ...turn, content: turn.content + event.data.delta };
    case 'error':
      return { ...turn, error: event.data.message };
    case 'done':
      return { ...turn, status: event.data.status };
    default:
      return turn;
  }
}

/** The finished turns as the history of the next test run. */
export function historyOf(turns: readonly TryTurn[]): ChatTurn[] {
  return turns.filter((t) => t.content).map((t) => ({ role: t.role, content: t.content }));
}
