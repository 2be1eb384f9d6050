import type { ChildProcess } from 'node:child_process';
import { type MockOpenAIServer, type SseMessage, startMockOpenAI } from '@agenthub/testkit';
import { deleteRedisKeys, describeWithRedis } from '../helpers/test-redis';
import type { TestApp } from '../helpers/test-app';
import {
  auth,
  type ChatCast,
  createChat,
  createChatCast,
  createChatTestApp,
  dataOf,
  publishAgent,
  sse,
  startWorkerProcess,
  TWO_STEP_DEFINITION,
  useMockAsDefaultLlm,
  waitFor,
} from './chat-test.fixtures';

const QUEUE_ENV = {
  QUEUE_LOCK_DURATION_MS: '2000',
  QUEUE_STALLED_INTERVAL_MS: '1000',
  // SIGTERM: the active run gets this long, then it is handed back to the queue.
  QUEUE_SHUTDOWN_GRACE_MS: '300',
};

describeWithRedis('chat runs handed back by a worker on SIGTERM (bullmq)', () => {
  let t: TestApp;
  let c: ChatCast;
  let llm: MockOpenAIServer;
  const workers: ChildProcess[] = [];
  const logs: string[] = [];
  const saved = { ...process.env };

  beforeAll(async () => {
    Object.assign(process.env, QUEUE_ENV);
    llm = await startMockOpenAI();
    t = await createChatTestApp({ redis: true, env: { QUEUE_MODE: 'bullmq' } });
    c = await createChatCast(t);
    await useMockAsDefaultLlm(t, c.admin, llm);
  });
  afterAll(async () => {
    for (const w of workers) if (w.exitCode === null) w.kill('SIGKILL');
    await t?.close();
    await llm?.close();
    if (t?.redisPrefix) await deleteRedisKeys(t.redisPrefix);
    for (const key of Object.keys(QUEUE_ENV)) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  });

  it('continues the run on another worker from its checkpoint: one done, monotonic ids, first node not re-run', async () => {
    const first = await startWorkerProcess(t, QUEUE_ENV, { name: 'w1', logs });
    workers.push(first);
    const agent = await publishAgent(t, c.owner, TWO_STEP_DEFINITION);
    const chat = await createChat(t, c.user, agent.id);

    const base = llm.callCount;
    llm.setResponder((_req, i) => {
      const n = i - base;
      if (n === 0) return { content: 'outline ' };
      // The second node's first attempt is slow (~12 s); the one on the next worker is quick.
      if (n === 1)
        return { content: Array.from({ length: 80 }, (_, k) => `w${k}`).join(' '), tokenDelayMs: 150 };
      return { content: 'final text' };
    });

    let terminated: Promise<number | null> | undefined;
    let second: Promise<ChildProcess> | undefined;
    const events: SseMessage[] = [];
    const onEvent = (e: SseMessage, all: SseMessage[]) => {
      events.push(e);
      const secondDeltas = all.filter((x) => x.event === 'message' && dataOf(x).nodeId === 'second').length;
      if (!terminated && secondDeltas === 3) {
        terminated = new Promise((resolve) => first.once('exit', (code) => resolve(code)));
        first.kill('SIGTERM');
        second = startWorkerProcess(t, QUEUE_ENV, { name: 'w2', logs }).then((w) => {
          workers.push(w);
          return w;
        });
      }
      return false;
    };
    const posted = await sse(
      t,
      c.user,
      'POST',
      `/api/chats/${chat.id}/messages`,
      { content: 'go' },
      {},
      onEvent,
    );
    expect(posted.status).toBe(200);
    // The stream may drop (it should not, but a client reconnects with Last-Event-ID if it does).
    const runId = dataOf(events[0]!).runId as string;
    for (let i = 0; i < 3 && events.at(-1)?.event !== 'done'; i++) {
      await sse(
        t,
        c.user,
        'GET',
        `/api/runs/${runId}/stream`,
        undefined,
        {
          'Last-Event-ID': String(events.at(-1)!.id),
        },
        onEvent,
      );
    }
    expect(terminated).toBeDefined();
    await second;
    await terminated;

    const dones = events.filter((e) => e.event === 'done');
    expect(dones).toHaveLength(1);
    expect(dataOf(dones[0]!).status).toBe('completed');
    expect(events.at(-1)!.event).toBe('done');
    expect(events.some((e) => e.event === 'error')).toBe(false);
    const ids = events.map((e) => Number(e.id));
    for (let i = 1; i < ids.length; i++) expect(ids[i]).toBeGreaterThan(ids[i - 1]!);
    // first once, second interrupted, second again: the first node was not re-run.
    expect(llm.callCount - base).toBe(3);
    // The continuation began with a new `run` event after the hand-back.
    expect(events.filter((e) => e.event === 'run')).toHaveLength(2);

    const run = (await t.http().get(`/api/runs/${runId}`).set(auth(c.user))).body;
    expect(run.status).toBe('completed');
    await waitFor(async () => {
      const items = (await t.http().get(`/api/chats/${chat.id}/messages`).set(auth(c.user))).body.items;
      return items.at(-1).status === 'completed';
    });
    const reply = (await t.http().get(`/api/chats/${chat.id}/messages`).set(auth(c.user))).body.items.at(-1);
    // The interrupted attempt's partial text is replaced by the node's full re-run.
    expect(reply.content).toBe('outline final text');
    expect(logs.join('')).toContain('handed back');
  }, 90_000);
});
