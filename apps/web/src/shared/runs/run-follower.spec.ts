import { describe, expect, it } from 'vitest';
import { ApiError } from '@/api/api-error';
import type { EventStreamHandlers } from '@/api/chats.api';
import type { RunStreamEvent } from './run-events.reducer';
import { followRun, RunStreamLostError, type StreamState } from './run-follower';

const RUN = 'run-1';
const ev = (id: number, e: Omit<RunStreamEvent, 'id'>) => ({ ...e, id }) as RunStreamEvent;
const runEvent = ev(1, { type: 'run', data: { runId: RUN, messageId: 'm1' } });
const delta = (id: number, text: string) => ev(id, { type: 'message', data: { delta: text } });
const done = (id: number) =>
  ev(id, {
    type: 'done',
    data: { runId: RUN, status: 'completed', usage: { promptTokens: 1, completionTokens: 1, costUsd: 0 } },
  });
const dropped = () => new TypeError('network error');

/** A scripted connection: emits its events, then closes or fails. */
function connection(events: RunStreamEvent[], end: 'close' | Error = 'close') {
  return async (h: EventStreamHandlers) => {
    h.onOpen?.();
    for (const e of events) h.onEvent(e);
    if (end !== 'close') throw end;
  };
}

function harness() {
  const seen: RunStreamEvent[] = [];
  const states: StreamState[] = [];
  const reattaches: Array<{ runId: string; lastEventId: number }> = [];
  const waits: number[] = [];
  return {
    seen,
    states,
    reattaches,
    waits,
    base: {
      onEvent: (e: RunStreamEvent) => seen.push(e),
      onState: (s: StreamState) => states.push(s),
      signal: new AbortController().signal,
      sleep: async (ms: number) => {
        waits.push(ms);
      },
    },
  };
}

describe('followRun', () => {
  it('re-joins a dropped stream with the last event id and never re-sends the first request', async () => {
    const h = harness();
    let posts = 0;
    const later = [
      connection([delta(4, 'c')], dropped()), // drops again
      connection([delta(5, 'd'), done(6)]),
    ];
    await followRun({
      ...h.base,
      connect: (handlers) => {
        posts++;
        return connection([runEvent, delta(2, 'a'), delta(3, 'b')], dropped())(handlers);
      },
      reattach: (runId, lastEventId, handlers) => {
        h.reattaches.push({ runId, lastEventId });
        return later.shift()!(handlers);
      },
    });
    expect(posts).toBe(1);
    expect(h.reattaches).toEqual([
      { runId: RUN, lastEventId: 3 },
      { runId: RUN, lastEventId: 4 },
    ]);
    expect(h.seen.map((e) => e.id)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(h.states).toEqual(['live', 'live', 'reconnecting', 'live', 'reconnecting', 'live', 'idle']);
  });

  it('also re-joins when the server closes the stream before `done`, backing off more each time', async () => {
    const h = harness();
    const later = [connection([]), connection([]), connection([done(3)])];
    await followRun({
      ...h.base,
      connect: connection([runEvent, delta(2, 'a')]),
      reattach: (_runId, _last, handlers) => later.shift()!(handlers),
      backoffMs: (n) => n * 100,
    });
    expect(h.waits).toEqual([100, 200, 300]);
    expect(h.seen.at(-1)?.type).toBe('done');
  });

  it('joins a known run (page load, resume) without waiting for a `run` event', async () => {
    const h = harness();
    await followRun({
      ...h.base,
      runId: RUN,
      lastEventId: 7,
      connect: connection([delta(8, 'x')], dropped()),
      reattach: (runId, lastEventId, handlers) => {
        h.reattaches.push({ runId, lastEventId });
        return connection([done(9)])(handlers);
      },
    });
    expect(h.reattaches).toEqual([{ runId: RUN, lastEventId: 8 }]);
  });

  it('stops on a 204 (nothing after its last id) instead of reconnecting again', async () => {
    const h = harness();
    let reattached = 0;
    await followRun({
      ...h.base,
      connect: connection([runEvent, delta(2, 'a')], dropped()),
      reattach: async (_runId, _last, handlers) => {
        reattached++;
        handlers.onNothingMore?.();
      },
    });
    expect(reattached).toBe(1);
    expect(h.states.at(-1)).toBe('idle');
  });

  it('gives up when the connection is lost before the run said which run it is', async () => {
    const h = harness();
    let reattached = false;
    await expect(
      followRun({
        ...h.base,
        connect: connection([], dropped()),
        reattach: async () => {
          reattached = true;
        },
      }),
    ).rejects.toBeInstanceOf(RunStreamLostError);
    expect(reattached).toBe(false);
    expect(h.states.at(-1)).toBe('idle');
  });

  it('does not retry a request the API refused (4xx), e.g. a second run in the chat', async () => {
    const h = harness();
    const refused = new ApiError({ status: 409, code: 'run_in_progress', message: 'busy' });
    await expect(
      followRun({ ...h.base, connect: connection([], refused), reattach: async () => undefined }),
    ).rejects.toBe(refused);
  });

  it('keeps retrying through server errors, and stops quietly when aborted', async () => {
    const h = harness();
    const abort = new AbortController();
    let attempts = 0;
    await followRun({
      ...h.base,
      signal: abort.signal,
      connect: connection([runEvent], dropped()),
      reattach: async () => {
        attempts++;
        if (attempts === 3) abort.abort();
        throw new ApiError({ status: 503, code: 'http_503', message: 'unavailable' });
      },
    });
    expect(attempts).toBe(3);
    expect(h.states.at(-1)).toBe('idle');
  });
});
