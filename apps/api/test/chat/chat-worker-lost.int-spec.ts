import type { ChildProcess } from 'node:child_process';
import { type MockOpenAIServer, startMockOpenAI } from '@agenthub/testkit';
import { deleteRedisKeys, describeWithRedis } from '../helpers/test-redis';
import type { TestApp } from '../helpers/test-app';
import { ChatRunService } from '../../src/chat/chat-run.service';
import { RunQueue } from '../../src/queue/run-queue.port';
import {
  auth,
  baseUrl,
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

  it('the sweep ends a running run no worker holds (error + done) and queues again a queued run the queue lost', async () => {
    worker?.kill('SIGKILL');
    llm.setResponder(() => ({ content: 'swept answer' }));
    const agent = await publishAgent(t, c.owner);
    const sweeper = t.app.get(ChatRunService);
    /** Posts a turn with no worker up: stored and queued, nobody executes it. */
    const postQueued = async () => {
      const chat = await createChat(t, c.user, agent.id);
      const pending = fetch(`${await baseUrl(t)}/api/chats/${chat.id}/messages`, {
        method: 'POST',
        headers: { ...auth(c.user), 'content-type': 'application/json' },
        body: JSON.stringify({ content: 'anyone?' }),
        signal: AbortSignal.timeout(1000),
      }).catch(() => undefined);
      let runId: string | undefined;
      await waitFor(async () => {
        const items = (await t.http().get(`/api/chats/${chat.id}/messages`).set(auth(c.user))).body.items;
        runId = items.find((m: { role: string }) => m.role === 'assistant')?.runId;
        return !!runId;
      });
      await pending;
      return { chatId: chat.id, runId: runId! };
    };

    // Recorded as running (its worker claimed it, then died with the report lost): swept as lost.
    const lost = await postQueued();
    await t.db.query(
      `UPDATE workflow_executions SET status = 'running', started_at = now() - interval '1 minute' WHERE id = $1`,
      [lost.runId],
    );
    // Queued in the database but not in the queue (its enqueue failed while Redis was away).
    const orphan = await postQueued();
    await t.db.query(
      `UPDATE workflow_executions SET created_at = now() - interval '2 minutes' WHERE id = $1`,
      [orphan.runId],
    );
    const queue = t.app.get(RunQueue) as unknown as { queue: { remove(id: string): Promise<number> } };
    await queue.queue.remove(orphan.runId);

    expect(await sweeper.sweepLostRuns()).toEqual({ lost: [lost.runId], requeued: [orphan.runId] });

    const replay = await sse(t, c.user, 'GET', `/api/runs/${lost.runId}/stream`);
    expect(eventTypes(replay.events).slice(-2)).toEqual(['error', 'done']);
    expect(dataOf(replay.events.at(-2)!).code).toBe('worker_lost');
    // The orphan is executed once a worker is back: the stored question gets its answer.
    worker = await startWorkerProcess(t, QUEUE_ENV);
    await waitFor(async () => {
      const items = (await t.http().get(`/api/chats/${orphan.chatId}/messages`).set(auth(c.user))).body.items;
      return items.at(-1).status === 'completed' && items.at(-1).content === 'swept answer';
    }, 30_000);
  }, 60_000);
});
