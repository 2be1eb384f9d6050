import { afterEach, describe, expect, it, vi } from 'vitest';
import { openEventStream, type StreamedRunEvent } from './chats.api';

afterEach(() => vi.unstubAllGlobals());

describe('openEventStream', () => {
  it('reads events with their ids, and a 204 (nothing after Last-Event-ID) as the end of the run', async () => {
    const body = 'id: 3\nevent: message\ndata: {"delta":"hi"}\n\n: ping\n\n';
    const fetchMock = vi.fn(async (_input: RequestInfo | URL, init?: RequestInit) =>
      new Headers(init?.headers).get('Last-Event-ID') === '9'
        ? new Response(null, { status: 204 })
        : new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } }),
    );
    vi.stubGlobal('fetch', fetchMock);
    const events: StreamedRunEvent[] = [];
    let nothingMore = 0;
    const handlers = {
      signal: new AbortController().signal,
      onEvent: (e: StreamedRunEvent) => events.push(e),
      onNothingMore: () => nothingMore++,
    };
    await openEventStream('/runs/r1/stream', { method: 'GET', lastEventId: 2 }, handlers);
    expect(events).toEqual([{ id: 3, type: 'message', data: { delta: 'hi' } }]);
    expect(nothingMore).toBe(0);

    await openEventStream('/runs/r1/stream', { method: 'GET', lastEventId: 9 }, handlers);
    expect(nothingMore).toBe(1);
    expect(events).toHaveLength(1);
  });
});
