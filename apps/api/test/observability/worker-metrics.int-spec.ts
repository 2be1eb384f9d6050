import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { type MockOpenAIServer, startMockOpenAI } from '@agenthub/testkit';
import {
  auth,
  type ChatCast,
  createChat,
  createChatCast,
  createChatTestApp,
  publishAgent,
  startWorkerProcess,
  useMockAsDefaultLlm,
} from '../chat/chat-test.fixtures';
import type { TestApp } from '../helpers/test-app';
import { deleteRedisKeys, describeWithRedis } from '../helpers/test-redis';

/** A port nothing listens on right now (the worker binds it a moment later). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** The value of one sample line of the Prometheus text format, or undefined when absent. */
function sample(metrics: string, line: string): number | undefined {
  const found = metrics.split('\n').find((l) => l.startsWith(`${line} `));
  return found === undefined ? undefined : Number(found.slice(line.length + 1));
}

describeWithRedis('worker metrics listener (WORKER_METRICS_PORT, bullmq)', () => {
  let t: TestApp;
  let c: ChatCast;
  let llm: MockOpenAIServer;
  let worker: ChildProcess | undefined;

  beforeAll(async () => {
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
  });

  it('serves the run, node and token metrics of the runs the worker executed, and /health', async () => {
    const port = await freePort();
    worker = await startWorkerProcess(t, { WORKER_METRICS_PORT: String(port), HOST: '127.0.0.1' });
    const base = `http://127.0.0.1:${port}`;

    const before = await fetch(`${base}/metrics`);
    expect(before.status).toBe(200);
    expect(before.headers.get('content-type')).toContain('text/plain');
    expect(sample(await before.text(), 'agenthub_runs_total{status="completed"}')).toBeUndefined();

    const agent = await publishAgent(t, c.owner);
    const chat = await createChat(t, c.user, agent.id);
    llm.setResponder(() => ({
      content: 'from the worker',
      usage: { prompt_tokens: 7, completion_tokens: 3 },
    }));
    const turn = await t
      .http()
      .post(`/api/chats/${chat.id}/messages`)
      .set(auth(c.user))
      .send({ content: 'hi' })
      .expect(201);
    expect(turn.body.assistantMessage).toMatchObject({ status: 'completed', content: 'from the worker' });

    // The API process did not execute the run: its registry has no completed run, the worker's has.
    const apiMetrics = (await t.http().get('/metrics').expect(200)).text;
    expect(sample(apiMetrics, 'agenthub_runs_total{status="completed"}')).toBeUndefined();
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(sample(metrics, 'agenthub_runs_total{status="completed"}')).toBeGreaterThanOrEqual(1);
    expect(sample(metrics, 'agenthub_tokens_total{direction="prompt"}')).toBeGreaterThanOrEqual(7);
    expect(sample(metrics, 'agenthub_tokens_total{direction="completion"}')).toBeGreaterThanOrEqual(3);
    expect(sample(metrics, 'agenthub_node_duration_seconds_count{kind="llm"}')).toBeGreaterThanOrEqual(1);

    const health = await fetch(`${base}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({
      status: 'ok',
      checks: { database: { status: 'up' }, redis: { status: 'up' }, queue: { status: 'up' } },
    });
    expect((await fetch(`${base}/nope`)).status).toBe(404);
    expect((await fetch(`${base}/metrics`, { method: 'POST' })).status).toBe(405);
  });
});
