import { type ChildProcess, spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type MockOpenAIServer, readSse, type SseMessage } from '@agenthub/testkit';
import { createAgentTestApp } from '../agent/agent-test.helpers';
import { bearer, type TestApp, type TestAppOptions, type TestUser } from '../helpers/test-app';
import { TEST_REDIS_URL } from '../helpers/test-redis';

export const auth = (u: TestUser) => ({ Authorization: bearer(u.accessToken) });

export interface ChatCast {
  user: TestUser;
  owner: TestUser;
  other: TestUser;
  admin: TestUser;
}

/** The app with auto-approve (publish = published at once) and loopback model URLs allowed. */
export function createChatTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  return createAgentTestApp(
    { AUTO_APPROVE: 'true' },
    { ...options, env: { ALLOW_PRIVATE_NETWORK: 'true', ...options.env } },
  );
}

export async function createChatCast(t: TestApp): Promise<ChatCast> {
  const [user, owner, other, admin] = await Promise.all([
    t.createUser(['user']),
    t.createUser(['developer']),
    t.createUser(['developer']),
    t.createUser(['admin']),
  ]);
  return { user, owner, other, admin };
}

/** Makes a platform config on the loopback mock the default LLM, so every llm node calls it. */
export async function useMockAsDefaultLlm(t: TestApp, admin: TestUser, llm: MockOpenAIServer): Promise<void> {
  const providers = await t.http().get('/api/providers').set(auth(admin));
  const provider = (providers.body.items as Array<{ id: string; slug: string }>).find(
    (p) => p.slug === 'openai_compatible',
  )!;
  const created = await t
    .http()
    .post('/api/service-configs')
    .set(auth(admin))
    .send({
      providerId: provider.id,
      name: 'Mock LLM',
      scope: 'platform',
      configData: { baseURL: llm.baseURL, apiKey: 'sk-mock-secret-123456', model: 'mock-model' },
      pricingConfig: { inputPer1k: 1, outputPer1k: 2, currency: 'USD' },
    });
  if (created.status !== 201) throw new Error(`config: ${created.status} ${JSON.stringify(created.body)}`);
  const def = await t.http().put(`/api/service-configs/${created.body.id}/default`).set(auth(admin));
  if (def.status !== 200) throw new Error(`default: ${def.status} ${JSON.stringify(def.body)}`);
}

/** One llm node: answers through the default model. */
export const LLM_DEFINITION = {
  schemaVersion: 1,
  entry: 'answer',
  nodes: [{ id: 'answer', type: 'llm', config: { prompt: '{{input}}', stream: true } }],
  edges: [{ from: 'answer', to: '__end__' }],
};

/** llm → human_input → answer: pauses after one model call. */
export const APPROVAL_DEFINITION = {
  schemaVersion: 1,
  entry: 'draft',
  nodes: [
    { id: 'draft', type: 'llm', config: { prompt: 'Draft: {{input}}', stream: true } },
    { id: 'approve', type: 'human_input', config: { prompt: 'Publish it?' } },
    { id: 'final', type: 'answer', config: { text: 'Approved.' } },
  ],
  edges: [
    { from: 'draft', to: 'approve' },
    { from: 'approve', to: 'final' },
    { from: 'final', to: '__end__' },
  ],
};

/** Two model calls in a row: a failure of the second lets a retry prove the first is not re-run. */
export const TWO_STEP_DEFINITION = {
  schemaVersion: 1,
  entry: 'first',
  nodes: [
    { id: 'first', type: 'llm', config: { prompt: 'Outline: {{input}}', stream: true } },
    { id: 'second', type: 'llm', config: { prompt: 'Write: {{nodes.first.output}}', stream: true } },
  ],
  edges: [
    { from: 'first', to: 'second' },
    { from: 'second', to: '__end__' },
  ],
};

/** Creates an agent with `definition` and publishes `version` (auto-approved). */
export async function publishAgent(
  t: TestApp,
  owner: TestUser,
  definition: unknown = LLM_DEFINITION,
  version = '1.0.0',
  agentId?: string,
): Promise<{ id: string; slug: string; versionId: string }> {
  let id = agentId;
  let slug = '';
  if (!id) {
    const created = await t
      .http()
      .post('/api/agents')
      .set(auth(owner))
      .send({ name: `Chat agent ${Math.random().toString(36).slice(2, 8)}` });
    if (created.status !== 201) throw new Error(`agent: ${created.status} ${JSON.stringify(created.body)}`);
    id = created.body.id as string;
    slug = created.body.slug as string;
  }
  const saved = await t.http().put(`/api/agents/${id}/workflow`).set(auth(owner)).send({ definition });
  if (saved.status !== 200) throw new Error(`workflow: ${saved.status} ${JSON.stringify(saved.body)}`);
  const published = await t.http().post(`/api/agents/${id}/publish`).set(auth(owner)).send({ version });
  if (published.status !== 201 || published.body.reviewStatus !== 'published')
    throw new Error(`publish: ${published.status} ${JSON.stringify(published.body)}`);
  return { id, slug, versionId: published.body.id as string };
}

export async function createChat(t: TestApp, user: TestUser, agentId: string, version?: string) {
  const res = await t
    .http()
    .post('/api/chats')
    .set(auth(user))
    .send({ agentId, ...(version ? { version } : {}) });
  if (res.status !== 201) throw new Error(`chat: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; agentVersion: string; agentVersionId: string };
}

export async function baseUrl(t: TestApp): Promise<string> {
  const server = t.app.getHttpServer();
  if (!server.listening) await t.app.listen(0, '127.0.0.1');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export interface StreamResult {
  status: number;
  events: SseMessage[];
  json?: unknown;
}

/** A request over the real listening server; SSE parsed with the testkit reader. */
export async function sse(
  t: TestApp,
  user: TestUser,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
  until?: (ev: SseMessage, all: SseMessage[]) => boolean,
): Promise<StreamResult> {
  const controller = new AbortController();
  const res = await fetch(`${await baseUrl(t)}${path}`, {
    method,
    headers: { ...auth(user), accept: 'text/event-stream', 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: controller.signal,
  });
  // 204: the stream has nothing to send (replay after a run's last event).
  if (res.status === 204) return { status: res.status, events: [] };
  if (!res.headers.get('content-type')?.startsWith('text/event-stream'))
    return { status: res.status, events: [], json: await res.json() };
  const events: SseMessage[] = [];
  try {
    for await (const ev of readSse(res)) {
      events.push(ev);
      if (until?.(ev, events)) {
        controller.abort();
        break;
      }
    }
  } catch (err) {
    if (!controller.signal.aborted) throw err;
  }
  return { status: res.status, events };
}

export const dataOf = (ev: SseMessage) => JSON.parse(ev.data) as Record<string, unknown>;
export const eventTypes = (events: SseMessage[]) => events.map((e) => e.event);

export async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('waitFor timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * The real worker entry point (src/worker.ts) as a child process, on the test's database and Redis
 * prefix, resolved once it logs "Worker ready". Its output goes to `logs` (prefixed by `name`).
 */
export async function startWorkerProcess(
  t: TestApp,
  queueEnv: Record<string, string>,
  opts: { name?: string; logs?: string[] } = {},
): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      '-r',
      join(__dirname, '..', 'queue', 'fixtures', 'ts-register.js'),
      join(__dirname, '..', '..', 'src', 'worker.ts'),
    ],
    {
      env: {
        ...process.env,
        // Several workers run at once in some tests: no metrics listener unless a test asks for one.
        WORKER_METRICS_PORT: '0',
        ...queueEnv,
        NODE_ENV: 'test',
        DATABASE_URL: t.db.url,
        MASTER_KEY: t.config.masterKey.toString('base64'),
        REDIS_URL: TEST_REDIS_URL,
        REDIS_KEY_PREFIX: t.redisPrefix!,
        QUEUE_MODE: 'bullmq',
        ALLOW_PRIVATE_NETWORK: 'true',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker not ready in 30 s: ${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      opts.logs?.push(`[${opts.name ?? 'worker'}] ${chunk.toString()}`);
      if (output.includes('Worker ready')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`worker exited (${code}): ${output}`)));
  });
  return child;
}
