import { describe, expect, it } from 'vitest';
import { applyTryEvent, historyOf, type TryTurn } from './try-it';

describe('try-it fold', () => {
  it('grows the reply by its deltas and ends with the run status', () => {
    let turn: TryTurn = { role: 'assistant', content: '', status: 'running' };
    turn = applyTryEvent(turn, {
      type: 'node',
      data: { nodeId: 'a', type: 'llm', status: 'started', attempt: 1 },
    } as never);
    turn = applyTryEvent(turn, { type: 'message', data: { delta: 'Hel' } });
    turn = applyTryEvent(turn, { type: 'message', data: { delta: 'lo' } });
    turn = applyTryEvent(turn, { type: 'done', data: { runId: 'r', status: 'completed' } } as never);
    expect(turn).toEqual({ role: 'assistant', content: 'Hello', status: 'completed' });
  });

  it('keeps the error of a failed run', () => {
    let turn: TryTurn = { role: 'assistant', content: '', status: 'running' };
    turn = applyTryEvent(turn, { type: 'error', data: { code: 'node_failed', message: 'boom' } });
    turn = applyTryEvent(turn, { type: 'done', data: { runId: 'r', status: 'failed' } } as never);
    expect(turn).toEqual(expect.objectContaining({ error: 'boom', status: 'failed' }));
  });

  it('sends the non-empty turns as history', () => {
    expect(
      historyOf([
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: '', status: 'failed' },
        { role: 'assistant', content: 'Hello' },
      ]),
    ).toEqual([
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello' },
    ]);
  });
});
