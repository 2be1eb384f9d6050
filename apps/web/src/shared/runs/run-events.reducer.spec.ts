import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '@agenthub/contracts';
import {
  applyRunEvent,
  applyRunEvents,
  messageViewFrom,
  resetForReplay,
  type MessageView,
  type RunStreamEvent,
} from './run-events.reducer';

const RUN = '00000000-0000-4000-8000-000000000001';
const MSG = '00000000-0000-4000-8000-0000000000a1';

function stored(over: Partial<ChatMessage> = {}): ChatMessage {
  return {
    id: MSG,
    chatId: '00000000-0000-4000-8000-0000000000c1',
    parentMessageId: '00000000-0000-4000-8000-0000000000b1',
    role: 'assistant',
    content: '',
    status: 'streaming',
    runId: null,
    metadata: {},
    createdAt: '2026-01-01T10:00:00.000Z',
    updatedAt: '2026-01-01T10:00:00.000Z',
    ...over,
  };
}
const fresh = () => messageViewFrom(stored());

/** Builds the events of a run with ids 1, 2, 3… in order. */
function events(...list: Array<Omit<RunStreamEvent, 'id'>>): RunStreamEvent[] {
  return list.map((e, i) => ({ ...e, id: i + 1 }) as RunStreamEvent);
}
const run = { type: 'run', data: { runId: RUN, messageId: MSG, agentVersion: '1.2.0' } } as const;
const started = (nodeId: string, type = 'llm') =>
  ({ type: 'node', data: { nodeId, type, status: 'started' } }) as const;
const finished = (nodeId: string, type = 'llm') =>
  ({ type: 'node', data: { nodeId, type, status: 'finished', durationMs: 5 } }) as const;
const delta = (text: string, nodeId = 'answer') =>
  ({ type: 'message', data: { delta: text, nodeId } }) as const;
const usage = { promptTokens: 12, completionTokens: 7, costUsd: 0.0003 };
const done = (status: 'completed' | 'failed' | 'cancelled' | 'paused') =>
  ({ type: 'done', data: { runId: RUN, messageId: MSG, status, usage } }) as const;

describe('applyRunEvent', () => {
  it('appends message deltas token by token and completes with usage', () => {
    const stream = events(run, started('answer'), delta('Hel'), delta('lo'), delta(' world'));
    const partial = applyRunEvents(fresh(), stream);
    expect(partial.status).toBe('streaming');
    expect(partial.content).toBe('Hello world');
    expect(partial.runId).toBe(RUN);
    expect(partial.agentVersion).toBe('1.2.0');

    const end = applyRunEvents(partial, [
      { id: 6, ...finished('answer') },
      { id: 7, ...done('completed') },
    ] as RunStreamEvent[]);
    expect(end.status).toBe('completed');
    expect(end.content).toBe('Hello world');
    expect(end.usage).toEqual(usage);
    expect(end.currentNode).toBeNull();
    expect(end.error).toBeUndefined();
  });

  it('shows the node that is running and clears it when the node finishes', () => {
    let view = applyRunEvents(fresh(), events(run, started('classify', 'classifier')));
    expect(view.currentNode).toEqual({ nodeId: 'classify', type: 'classifier' });
    view = applyRunEvent(view, { id: 3, ...started('answer') } as RunStreamEvent);
    expect(view.currentNode).toEqual({ nodeId: 'answer', type: 'llm' });
    // A late `finished` of an earlier node does not hide the one running now.
    view = applyRunEvent(view, { id: 4, ...finished('classify', 'classifier') } as RunStreamEvent);
    expect(view.currentNode?.nodeId).toBe('answer');
    view = applyRunEvent(view, { id: 5, ...finished('answer') } as RunStreamEvent);
    expect(view.currentNode).toBeNull();
  });

  it('collects streamed thoughts per node and pairs tool results with their call', () => {
    const view = applyRunEvents(
      fresh(),
      events(
        run,
        { type: 'thought', data: { nodeId: 'plan', content: 'The user ' } },
        { type: 'thought', data: { nodeId: 'plan', content: 'wants a refund.' } },
        {
          type: 'tool',
          data: { nodeId: 'agent', name: 'lookup_order', args: { id: 42 }, status: 'started' },
        },
        {
          type: 'tool',
          data: {
            nodeId: 'agent',
            name: 'lookup_order',
            args: { id: 42 },
            status: 'finished',
            result: { ok: true },
          },
        },
        {
          type: 'tool',
          data: { nodeId: 'agent', name: 'send_mail', args: {}, status: 'failed', result: 'smtp down' },
        },
        { type: 'thought', data: { nodeId: 'plan', content: 'Second thought' } },
      ),
    );
    expect(view.activity).toEqual([
      { kind: 'thought', nodeId: 'plan', content: 'The user wants a refund.' },
      {
        kind: 'tool',
        nodeId: 'agent',
        name: 'lookup_order',
        args: { id: 42 },
        status: 'finished',
        result: { ok: true },
      },
      { kind: 'tool', nodeId: 'agent', name: 'send_mail', args: {}, status: 'failed', result: 'smtp down' },
      { kind: 'thought', nodeId: 'plan', content: 'Second thought' },
    ]);
    expect(view.content).toBe('');
  });

  it('pauses at an interrupt with its prompt, and a resume continues the same answer', () => {
    const paused = applyRunEvents(
      fresh(),
      events(
        run,
        delta('Let me check. '),
        { type: 'interrupt', data: { nodeId: 'approve', prompt: 'Escalate to a human?' } },
        done('paused'),
      ),
    );
    expect(paused.status).toBe('paused');
    expect(paused.prompt).toBe('Escalate to a human?');

    // After POST /runs/:id/resume the stream continues with higher ids.
    const resumed = applyRunEvents(paused, [
      { id: 5, ...started('handoff') },
      { id: 6, ...delta('Passed to a colleague.', 'handoff') },
    ] as RunStreamEvent[]);
    expect(resumed.status).toBe('streaming');
    expect(resumed.prompt).toBeUndefined();
    expect(resumed.content).toBe('Let me check. Passed to a colleague.');
    expect(applyRunEvent(resumed, { id: 7, ...done('completed') } as RunStreamEvent).status).toBe(
      'completed',
    );
  });

  it('keeps the choices an interrupt offers until the run goes on, also from a stored paused reply', () => {
    const choices = [
      { value: 'yes', label: 'Yes' },
      { value: 'no', label: 'No' },
    ];
    const paused = applyRunEvents(
      fresh(),
      events(
        run,
        {
          type: 'interrupt',
          data: { nodeId: 'approve', prompt: 'Escalate?', choices, allowFreeText: false },
        },
        done('paused'),
      ),
    );
    expect(paused).toMatchObject({ status: 'paused', prompt: 'Escalate?', choices, allowFreeText: false });
    const resumed = applyRunEvent(paused, { id: 4, ...started('handoff') } as RunStreamEvent);
    expect(resumed.choices).toBeUndefined();
    expect(resumed.allowFreeText).toBeUndefined();

    // After a reload the stored reply carries them; without choices there are none (older runs).
    const reloaded = messageViewFrom(
      stored({ status: 'paused', metadata: { prompt: 'Escalate?', choices, allowFreeText: false } }),
    );
    expect(reloaded).toMatchObject({ prompt: 'Escalate?', choices, allowFreeText: false });
    const older = messageViewFrom(stored({ status: 'paused', metadata: { prompt: 'Escalate?' } }));
    expect(older.choices).toBeUndefined();
    const plain = applyRunEvents(
      fresh(),
      events(run, { type: 'interrupt', data: { nodeId: 'approve', prompt: 'Why?' } }, done('paused')),
    );
    expect(plain.choices).toBeUndefined();
  });

  it('keeps the error of a failed run, and a retry replaces the failed node’s partial text', () => {
    const failed = applyRunEvents(
      fresh(),
      events(
        run,
        started('intro'),
        delta('Intro. ', 'intro'),
        finished('intro'),
        started('answer'),
        delta('half an ans', 'answer'),
        { type: 'error', data: { code: 'model_error', message: 'Provider timed out', nodeId: 'answer' } },
        done('failed'),
      ),
    );
    expect(failed.status).toBe('failed');
    expect(failed.error).toEqual({ code: 'model_error', message: 'Provider timed out' });
    expect(failed.content).toBe('Intro. half an ans');

    const retried = applyRunEvents(failed, [
      { id: 9, ...started('answer') },
      { id: 10, ...delta('A full answer.', 'answer') },
      { id: 11, ...done('completed') },
    ] as RunStreamEvent[]);
    expect(retried.status).toBe('completed');
    expect(retried.error).toBeUndefined();
    expect(retried.content).toBe('Intro. A full answer.');
  });

  it('ends cancelled with the partial text kept and no error shown', () => {
    const view = applyRunEvents(
      fresh(),
      events(
        run,
        started('answer'),
        delta('Partial'),
        { type: 'error', data: { code: 'cancelled', message: 'x' } },
        done('cancelled'),
      ),
    );
    expect(view.status).toBe('cancelled');
    expect(view.content).toBe('Partial');
    expect(view.error).toBeUndefined();
    expect(view.currentNode).toBeNull();
  });

  it('ignores events replayed after a reconnect (ids at or below the last applied)', () => {
    const stream = events(run, started('answer'), delta('one '), delta('two '), delta('three'));
    const beforeDrop = applyRunEvents(fresh(), stream.slice(0, 4));
    expect(beforeDrop.content).toBe('one two ');
    expect(beforeDrop.lastEventId).toBe(4);

    // The server replays from an older id than the client saw (e.g. two tabs), then goes on.
    const replay = [...stream.slice(2), { id: 6, ...done('completed') } as RunStreamEvent];
    const after = applyRunEvents(beforeDrop, replay);
    expect(after.content).toBe('one two three');
    expect(after.status).toBe('completed');
    // The very same duplicate returns the same object: nothing re-renders.
    expect(applyRunEvent(after, stream[3]!)).toBe(after);
  });

  it('rebuilds a still-streaming answer from the first event after a page load', () => {
    const loaded = messageViewFrom(stored({ content: 'one two', runId: RUN }));
    const replayed = applyRunEvents(
      resetForReplay(loaded),
      events(run, started('answer'), delta('one '), delta('two ')),
    );
    expect(replayed.content).toBe('one two ');
    expect(applyRunEvent(replayed, { id: 5, ...delta('three') } as RunStreamEvent).content).toBe(
      'one two three',
    );
  });

  it('a summary (events expired during a drop) replaces the partial answer instead of appending', () => {
    const partial = applyRunEvents(fresh(), events(run, started('answer'), delta('one '), delta('two ')));
    expect(partial.content).toBe('one two ');
    // The server's summary: ids above the run's last one, the whole answer in one message.
    const summary: RunStreamEvent[] = [
      { id: 13, type: 'run', data: { runId: RUN, messageId: MSG, summary: true } },
      { id: 14, type: 'message', data: { delta: 'one two three' } },
      { id: 15, ...done('completed') } as RunStreamEvent,
    ];
    const after = applyRunEvents(partial, summary);
    expect(after.content).toBe('one two three');
    expect(after.status).toBe('completed');
    expect(after.lastEventId).toBe(15);
    expect(applyRunEvents(after, summary)).toBe(after);
  });
});

describe('messageViewFrom', () => {
  it('shows a stored failure and a stored question, but not the `cancelled` note of a stopped answer', () => {
    const failed = messageViewFrom(
      stored({ status: 'failed', metadata: { error: { code: 'timeout', message: 'Too slow' } } }),
    );
    expect(failed.error).toEqual({ code: 'timeout', message: 'Too slow' });
    const cancelled = messageViewFrom(
      stored({
        status: 'cancelled',
        metadata: { error: { code: 'cancelled', message: 'The run was cancelled' } },
      }),
    );
    expect(cancelled.error).toBeUndefined();
    const paused: MessageView = messageViewFrom(
      stored({ status: 'paused', metadata: { prompt: 'Approve?' } }),
    );
    expect(paused.prompt).toBe('Approve?');
  });
});
