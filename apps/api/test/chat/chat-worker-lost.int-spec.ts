import type { ChildProcess } from 'node:child_process';
import { type MockOpenAIServer, startMockOpenAI } from '@agenthub/testkit';
import { deleteRedisKeys, describeWithRedis } from '../helpers/test-redis';
import type { TestApp } from '../helpers/test-app';
import {
  auth,
  type ChatCast,
  createChat,
  createChatCast,
  createChatTestApp,
  dataOf,
  eventTypes,
  publishAgent,
  sse,
  startWorkerProcess,
  useMockAsDefaultLlm,
  waitFor,
} from './chat-test.fixtures';

const LOCK_MS = 1000;
const STALLED_MS = 500;
const QUEUE_ENV = { QUEUE_LOCK_DURATION_MS: String(LOCK_MS), QUEUE_STALLED_INTERVAL_MS: String(STALLED_MS) };

describeWithRedis('chat runs on a worker process that dies (bullmq)', () => {
  let t: TestApp;
  let c: ChatCast;
  let llm: MockOpenAIServer;
  let worker: ChildProcess | undefined;
  const saved = { ...process.env };

  beforeAll(async () => {
    // The API's stalled-job checker reads these at boot, like the worker.
    Object.assign(process.env, QUEUE_ENV);
    llm = await startMockOpenAI();
    t = await createChatTestApp({ redis: true, env: { QUEUE_MODE: 'bullmq' } });
    c = await createChatCast(t);
    await useMockAsDefaultLlm(t, c.admin, llm);
  });
  afterAll(async () => {
    worker?.kill('SIGKILL');
    await t?.close();
    await llm?.close();
    if (t?.redisPrefix) await deleteRedisKeys(t.redisPrefix);
    for (const key of Object.keys(QUEUE_ENV)) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  });

  it('executes a turn in the worker process; killed mid-run, the stream gets error + done (worker_lost)', async () => {
    worker = await startWorkerProcess(t, QUEUE_ENV);
    const agent = await publishAgent(t, c.owner);
    const chat = await createChat(t, c.user, agent.id);

    const ok = await t
      .http()
      .post(`/api/chats/${chat.id}/messages`)
      .set(auth(c.user))
      .send({ content: 'hi' });
    expect(ok.status).toBe(201);
    expect(ok.body.assistantMessage).toMatchObject({ status: 'completed', content: 'Mock answer to: hi' });

    // A reply that would take ~30 s: the worker is killed after three deltas.
    llm.setResponder(() => ({
      content: Array.from({ length: 100 }, (_, i) => `w${i}`).join(' '),
      tokenDelayMs: 300,
    }));
    const started = Date.now();
    let killed = false;
    const result = await sse(
      t,
      c.user,
      'POST',
      `/api/chats/${chat.id}/messages`,
      { content: 'long' },
      {},
      (e, all) => {
        if (e.event === 'message' && !killed && all.filter((x) => x.event === 'message').length === 3) {
          killed = true;
          worker!.kill('SIGKILL');
        }
        return false;
      },
    );
    expect(killed).toBe(true);
    const types = eventTypes(result.events);
    expect(types.slice(-2)).toEqual(['error', 'done']);
    expect(dataOf(result.events.at(-2)!).code).toBe('worker_lost');
    expect(dataOf(result.events.at(-1)!).status).toBe('failed');
    expect(Date.now() - started).toBeLessThan(LOCK_MS + 6 * STALLED_MS + 5000);

    const runId = dataOf(result.events[0]!).runId as string;
    expect((await t.http().get(`/api/runs/${runId}`).set(auth(c.user))).body).toMatchObject({
      status: 'failed',
      error: { code: 'worker_lost' },
    });
    await waitFor(async () => {
      const items = (await t.http().get(`/api/chats/${chat.id}/messages`).set(auth(c.user))).body.items;
      return items.at(-1).status === 'failed' && items.at(-1).content.startsWith('w0');
    });
  }, 60_000);
});
