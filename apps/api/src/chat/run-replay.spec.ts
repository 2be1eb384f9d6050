import { RUN_SUMMARY_RESERVED_IDS } from '@agenthub/contracts';
import { buildRunSummary, planEndedRunReplay, type SummaryRun } from './run-replay.js';

const run = (patch: Partial<SummaryRun> = {}): SummaryRun => ({
  id: 'r1',
  status: 'completed',
  chatId: 'c1',
  messageId: 'm1',
  agentVersion: '1.0.0',
  lastEventId: 12,
  currentNode: null,
  errorInfo: null,
  promptTokens: 3,
  completionTokens: 5,
  costUsd: 0.25,
  ...patch,
});

describe('buildRunSummary', () => {
  it('rebuilds a completed run as run (summary), the answer as one message and done with its output', () => {
    const events = buildRunSummary(run(), { content: 'The answer.' });
    expect(events).toEqual([
      {
        id: 13,
        type: 'run',
        data: { runId: 'r1', chatId: 'c1', messageId: 'm1', agentVersion: '1.0.0', summary: true },
      },
      { id: 14, type: 'message', data: { delta: 'The answer.' } },
      {
        id: 15,
        type: 'done',
        data: {
          runId: 'r1',
          messageId: 'm1',
          status: 'completed',
          usage: { promptTokens: 3, completionTokens: 5, costUsd: 0.25 },
          output: 'The answer.',
        },
      },
    ]);
  });

  it('keeps a failed run’s error and a paused run’s question, within the reserved ids', () => {
    const failed = buildRunSummary(
      run({ status: 'failed', errorInfo: { code: 'model_error', message: 'refused', nodeId: 'a' } }),
      { content: 'part' },
    );
    expect(failed.map((e) => e.type)).toEqual(['run', 'message', 'error', 'done']);
    expect(failed[2]!.data).toEqual({ code: 'model_error', message: 'refused', nodeId: 'a' });
    const paused = buildRunSummary(run({ status: 'paused', currentNode: 'approve' }), {
      content: 'draft',
      prompt: 'Publish it?',
    });
    expect(paused.map((e) => e.type)).toEqual(['run', 'message', 'interrupt', 'done']);
    expect(paused[2]!.data).toEqual({ nodeId: 'approve', prompt: 'Publish it?' });
    for (const events of [failed, paused])
      expect(events.at(-1)!.id).toBeLessThanOrEqual(12 + RUN_SUMMARY_RESERVED_IDS);
  });

  it('has no message without an answer, no output without a stored reply, and ids above afterId', () => {
    const events = buildRunSummary(run({ messageId: null, chatId: null }), null, 20);
    expect(events.map((e) => [e.id, e.type])).toEqual([
      [21, 'run'],
      [22, 'done'],
    ]);
    expect(events[1]!.data).not.toHaveProperty('output');
    // A run still going has no done yet.
    expect(buildRunSummary(run({ status: 'running' }), { content: 'so far' }).map((e) => e.type)).toEqual([
      'run',
      'message',
    ]);
  });
});

describe('planEndedRunReplay', () => {
  const L = 12;
  const buffered = { floor: 0, lastId: L, endsWithDone: true };

  it('replays exactly the buffered events after any id before the final one', () => {
    for (const after of [0, 1, 6, L - 1])
      expect(planEndedRunReplay(after, run(), buffered)).toMatchObject({ from: 'bus', through: L });
  });

  it('sends nothing after the final event, nor after a summary’s last event', () => {
    expect(planEndedRunReplay(L, run(), buffered)).toEqual({ from: 'nothing' });
    expect(planEndedRunReplay(L, run(), null)).toEqual({ from: 'nothing' });
    expect(planEndedRunReplay(L + RUN_SUMMARY_RESERVED_IDS, run(), null)).toEqual({ from: 'nothing' });
    expect(planEndedRunReplay(L + 100, run(), buffered)).toEqual({ from: 'nothing' });
  });

  it('gives the summary when the events expired or the ones after the client’s id are gone', () => {
    expect(planEndedRunReplay(0, run(), null)).toEqual({ from: 'summary', afterId: L });
    expect(planEndedRunReplay(5, run(), null)).toEqual({ from: 'summary', afterId: L });
    // Trimmed or expired before a resume: events up to 8 are gone.
    expect(planEndedRunReplay(3, run(), { floor: 8, lastId: L, endsWithDone: true })).toEqual({
      from: 'summary',
      afterId: L,
    });
    // A client that saw part of a summary gets the rest of it.
    expect(planEndedRunReplay(L + 1, run(), null)).toEqual({ from: 'summary', afterId: L });
  });

  it('waits for an end recorded in the row but not yet on the bus', () => {
    const lagging = { floor: 0, lastId: 9, endsWithDone: false };
    expect(planEndedRunReplay(9, run(), lagging)).toEqual({
      from: 'bus',
      through: L,
      otherwise: { from: 'summary', afterId: L },
    });
    // The row's last id is older than the bus (a run ended from outside while it published).
    expect(planEndedRunReplay(9, run({ lastEventId: 0 }), lagging)).toMatchObject({
      from: 'bus',
      otherwise: { from: 'nothing' },
    });
    expect(planEndedRunReplay(4, run({ lastEventId: 0 }), lagging)).toEqual({
      from: 'bus',
      through: 9,
      otherwise: { from: 'summary', afterId: 9 },
    });
  });
});
