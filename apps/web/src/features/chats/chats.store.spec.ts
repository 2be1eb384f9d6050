import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import type { Chat, ChatMessage } from '@agenthub/contracts';
import { http } from '@/api/http-client';
import { useChatsStore } from './chats.store';

/**
 * The store against a fake API at the `fetch` boundary: real @microsoft/fetch-event-source,
 * real SSE framing, the real reducer and reconnect logic.
 */
const AGENT = '00000000-0000-4000-8000-00000000a9e0';
const CHAT = '00000000-0000-4000-8000-0000000000c1';
const RUN = '00000000-0000-4000-8000-0000000000e1';
const U1 = '00000000-0000-4000-8000-0000000000b1';
const A1 = '00000000-0000-4000-8000-0000000000a1';
const A2 = '00000000-0000-4000-8000-0000000000a2';

const chat: Chat = {
  id: CHAT,
  agentId: AGENT,
  agentName: 'Helper',
  agentNameZh: null,
  agentVersionId: '00000000-0000-4000-8000-0000000000f1',
  agentVersion: '1.0.0',
  title: 'Hi',
  archived: false,
  lastActivityAt: '2026-01-01T10:00:00.000Z',
  createdAt: '2026-01-01T10:00:00.000Z',
};
const message = (over: Partial<ChatMessage>): ChatMessage => ({
  id: U1,
  chatId: CHAT,
  parentMessageId: null,
  role: 'user',
  content: 'Hi',
  status: 'completed',
  runId: null,
  metadata: {},
  createdAt: '2026-01-01T10:00:00.000Z',
  updatedAt: '2026-01-01T10:00:00.000Z',
  ...over,
});

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const frame = (id: number, type: string, data: unknown) =>
  `id: ${id}\nevent: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
const usage = { promptTokens: 3, completionTokens: 2, costUsd: 0 };

/** An SSE response that sends `frames`, then ends — or fails like a dropped connection. */
function sse(frames: string[], drop = false): Response {
  const encoder = new TextEncoder();
  let next = 0;
  // Pull-based, so the frames are read before the failure (an error drops unread chunks).
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (next < frames.length) controller.enqueue(encoder.encode(frames[next++]));
      else if (drop) controller.error(new TypeError('network error'));
      else controller.close();
    },
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
}

interface Call {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

function fakeApi(routes: (call: Call) => Response | undefined) {
  const calls: Call[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const call: Call = {
        method: init?.method ?? 'GET',
        url: String(input),
        headers: (init?.headers ?? {}) as Record<string, string>,
        body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
      };
      calls.push(call);
      const res = routes(call);
      if (!res) throw new Error(`unexpected ${call.method} ${call.url}`);
      return res;
    }),
  );
  return calls;
}

const posts = (calls: Call[]) =>
  calls.filter((c) => c.method === 'POST' && c.url.endsWith(`/chats/${CHAT}/messages`));
const shown = (store: ReturnType<typeof useChatsStore>) =>
  store.path.map((e) => [e.message.role, e.message.content, e.message.status]);

async function until(condition: () => boolean) {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(condition()).toBe(true);
}

describe('chats store', () => {
  let token = 'access-1';
  beforeEach(() => {
    setActivePinia(createPinia());
    token = 'access-1';
    http.bindSession({
      accessToken: () => token,
      refreshToken: () => 'refresh-1',
      update: (auth) => {
        token = auth.accessToken;
      },
      expire: () => undefined,
    });
  });
  afterEach(() => http.bindSession(null));

  it('starts a chat from an agent with the first message and streams the answer into it', async () => {
    const calls = fakeApi(({ method, url }) => {
      if (url === `/api/store/agents/${AGENT}`)
        return json({ id: AGENT, name: 'Helper', latestVersion: '1.0.0' });
      if (method === 'POST' && url === '/api/chats') return json(chat, 201);
      if (method === 'POST' && url === `/api/chats/${CHAT}/messages`)
        return sse([
          frame(1, 'run', { runId: RUN, chatId: CHAT, messageId: A1, agentVersion: '1.0.0' }),
          frame(2, 'node', { nodeId: 'answer', type: 'llm', status: 'started' }),
          frame(3, 'message', { delta: 'Hello ', nodeId: 'answer' }),
          frame(4, 'message', { delta: 'there', nodeId: 'answer' }),
          frame(5, 'done', { runId: RUN, messageId: A1, status: 'completed', usage }),
        ]);
      if (url === `/api/chats/${CHAT}/messages`)
        return json({
          items: [
            message({}),
            message({
              id: A1,
              parentMessageId: U1,
              role: 'assistant',
              content: 'Hello there',
              runId: RUN,
              metadata: { agentVersion: '1.0.0', usage },
            }),
          ],
        });
      if (url.startsWith('/api/chats?')) return json({ items: [chat], total: 1, page: 1, pageSize: 100 });
      return undefined;
    });
    const store = useChatsStore();
    await store.openDraft(AGENT);
    expect(store.draft?.agentName).toBe('Helper');

    await store.send('Hi');

    expect(store.current?.id).toBe(CHAT);
    expect(calls.find((c) => c.method === 'POST' && c.url === '/api/chats')?.body).toEqual({
      agentId: AGENT,
      title: 'Hi',
    });
    const [post] = posts(calls);
    expect(post!.headers.Accept).toBe('text/event-stream');
    expect(post!.headers.Authorization).toBe('Bearer access-1');
    expect(post!.body).toEqual({ content: 'Hi' });
    expect(shown(store)).toEqual([
      ['user', 'Hi', 'completed'],
      ['assistant', 'Hello there', 'completed'],
    ]);
    expect(store.path.map((e) => e.message.id)).toEqual([U1, A1]);
    expect(store.path[1]!.message.usage).toEqual(usage);
    expect(store.streamState).toBe('idle');
  });

  it('re-joins a dropped stream with Last-Event-ID instead of posting the message again', async () => {
    const calls = fakeApi(({ method, url }) => {
      if (url === `/api/chats/${CHAT}`) return json(chat);
      if (method === 'POST' && url === `/api/chats/${CHAT}/messages`)
        return sse(
          [
            frame(1, 'run', { runId: RUN, chatId: CHAT, messageId: A1 }),
            frame(2, 'message', { delta: 'one ' }),
            frame(3, 'message', { delta: 'two ' }),
          ],
          true,
        );
      if (url === `/api/runs/${RUN}/stream`)
        return sse([
          frame(4, 'message', { delta: 'three' }),
          frame(5, 'done', { runId: RUN, messageId: A1, status: 'completed', usage }),
        ]);
      if (url === `/api/chats/${CHAT}/messages`) return json({ items: [] });
      if (url.startsWith('/api/chats?')) return json({ items: [chat], total: 1, page: 1, pageSize: 100 });
      return undefined;
    });
    const store = useChatsStore();
    await store.open(CHAT);
    const states: string[] = [];
    store.$subscribe(() => states.push(store.streamState));

    const sending = store.send('Count');
    await until(() => store.streamState === 'reconnecting');
    await sending;

    expect(posts(calls)).toHaveLength(1);
    const rejoin = calls.find((c) => c.url === `/api/runs/${RUN}/stream`);
    expect(rejoin?.headers['Last-Event-ID']).toBe('3');
    expect(rejoin?.method).toBe('GET');
    expect(states).toContain('reconnecting');
  });

  it('renews an expired session once and posts the message after the refresh', async () => {
    const calls = fakeApi(({ method, url, headers }) => {
      if (url === `/api/chats/${CHAT}`) return json(chat);
      if (url === '/api/auth/refresh')
        return json({ accessToken: 'access-2', refreshToken: 'refresh-2', expiresIn: 900, user: {} });
      if (method === 'POST' && url === `/api/chats/${CHAT}/messages`) {
        if (headers.Authorization !== 'Bearer access-2')
          return json({ statusCode: 401, code: 'unauthorized', message: 'expired' }, 401);
        return sse([
          frame(1, 'run', { runId: RUN, chatId: CHAT, messageId: A1 }),
          frame(2, 'done', { runId: RUN, messageId: A1, status: 'completed', usage }),
        ]);
      }
      if (url === `/api/chats/${CHAT}/messages`) return json({ items: [] });
      if (url.startsWith('/api/chats?')) return json({ items: [chat], total: 1, page: 1, pageSize: 100 });
      return undefined;
    });
    const store = useChatsStore();
    await store.open(CHAT);
    await store.send('Hi');
    expect(posts(calls).map((c) => c.headers.Authorization)).toEqual(['Bearer access-1', 'Bearer access-2']);
    expect(calls.filter((c) => c.url === '/api/auth/refresh')).toHaveLength(1);
  });

  it('regenerates as a sibling reply to the same question and shows it as 2/2', async () => {
    const first = message({
      id: A1,
      parentMessageId: U1,
      role: 'assistant',
      content: 'Old',
      runId: RUN,
      status: 'cancelled',
    });
    const second = message({
      id: A2,
      parentMessageId: U1,
      role: 'assistant',
      content: 'New',
      runId: RUN,
      createdAt: '2026-01-01T10:05:00.000Z',
    });
    let regenerated = false;
    const calls = fakeApi(({ method, url }) => {
      if (url === `/api/chats/${CHAT}`) return json(chat);
      if (method === 'POST' && url === `/api/chats/${CHAT}/messages`) {
        regenerated = true;
        return sse([
          frame(1, 'run', { runId: RUN, chatId: CHAT, messageId: A2 }),
          frame(2, 'message', { delta: 'New' }),
          frame(3, 'done', { runId: RUN, messageId: A2, status: 'completed', usage }),
        ]);
      }
      if (url === `/api/chats/${CHAT}/messages`)
        return json({ items: regenerated ? [message({}), first, second] : [message({}), first] });
      if (url.startsWith('/api/chats?')) return json({ items: [chat], total: 1, page: 1, pageSize: 100 });
      return undefined;
    });
    const store = useChatsStore();
    await store.open(CHAT);
    await store.regenerate(store.path[1]!.message);

    expect(posts(calls)[0]!.body).toEqual({ content: 'Hi', parentMessageId: U1 });
    const last = store.path[1]!;
    expect([last.message.id, last.index + 1, last.siblings.length]).toEqual([A2, 2, 2]);
    store.switchBranch(last, -1);
    expect(shown(store)[1]).toEqual(['assistant', 'Old', 'cancelled']);
  });

  it('edits an earlier question into a new branch from the answer before it, switchable with < 1/2 >', async () => {
    const U2 = '00000000-0000-4000-8000-0000000000b2';
    const U3 = '00000000-0000-4000-8000-0000000000b3';
    const A3 = '00000000-0000-4000-8000-0000000000a3';
    const at = (min: number) => `2026-01-01T10:0${min}:00.000Z`;
    const answer = (id: string, parent: string, content: string, min: number) =>
      message({ id, parentMessageId: parent, role: 'assistant', content, runId: RUN, createdAt: at(min) });
    // Two turns: Hi → Hello, Weather? → Sunny. The first question is edited.
    const before = [
      message({}),
      answer(A1, U1, 'Hello', 1),
      message({ id: U2, parentMessageId: A1, content: 'Weather?', createdAt: at(2) }),
      answer(A2, U2, 'Sunny', 3),
    ];
    const after = [
      ...before,
      message({ id: U3, parentMessageId: A1, content: 'Time?', createdAt: at(4) }),
      answer(A3, U3, 'Noon', 5),
    ];
    let edited = false;
    const calls = fakeApi(({ method, url }) => {
      if (url === `/api/chats/${CHAT}`) return json(chat);
      if (method === 'POST' && url === `/api/chats/${CHAT}/messages`) {
        edited = true;
        return sse([
          frame(1, 'run', { runId: RUN, chatId: CHAT, messageId: A3 }),
          frame(2, 'message', { delta: 'Noon' }),
          frame(3, 'done', { runId: RUN, messageId: A3, status: 'completed', usage }),
        ]);
      }
      if (url === `/api/chats/${CHAT}/messages`) return json({ items: edited ? after : before });
      if (url.startsWith('/api/chats?')) return json({ items: [chat], total: 1, page: 1, pageSize: 100 });
      return undefined;
    });
    const store = useChatsStore();
    await store.open(CHAT);
    // Editing the second question of four messages (not the last message of the chat).
    await store.editAndResend(store.path[2]!.message, 'Time?');

    expect(posts(calls)[0]!.body).toEqual({ content: 'Time?', parentMessageId: A1 });
    expect(shown(store)).toEqual([
      ['user', 'Hi', 'completed'],
      ['assistant', 'Hello', 'completed'],
      ['user', 'Time?', 'completed'],
      ['assistant', 'Noon', 'completed'],
    ]);
    const question = store.path[2]!;
    expect([question.message.id, question.index + 1, question.siblings.length]).toEqual([U3, 2, 2]);
    // Back to the original question: its answer comes with it.
    store.switchBranch(question, -1);
    expect(shown(store).slice(2)).toEqual([
      ['user', 'Weather?', 'completed'],
      ['assistant', 'Sunny', 'completed'],
    ]);
  });
});
