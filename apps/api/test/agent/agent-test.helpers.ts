import type { AddressInfo } from 'node:net';
import { readSse, type SseMessage } from '@agenthub/testkit';
import { bearer, createTestApp, type TestApp, type TestAppOptions, type TestUser } from '../helpers/test-app';

/** The agent module reads AUTO_APPROVE / SEED_DEMO from the process environment at boot. */
export async function createAgentTestApp(
  env: { AUTO_APPROVE?: string; SEED_DEMO?: string } = {},
  options: TestAppOptions = {},
): Promise<TestApp> {
  // Unset unless given, so the defaults (embedded or not) are what a test sees.
  return createTestApp({
    ...options,
    env: { AUTO_APPROVE: undefined, SEED_DEMO: 'false', ...env, ...options.env },
  });
}

export interface Cast {
  user: TestUser;
  owner: TestUser;
  other: TestUser;
  admin: TestUser;
}

export async function createCast(t: TestApp): Promise<Cast> {
  const [user, owner, other, admin] = await Promise.all([
    t.createUser(['user']),
    t.createUser(['developer']),
    t.createUser(['developer']),
    t.createUser(['admin']),
  ]);
  return { user, owner, other, admin };
}

export const auth = (u: TestUser) => ({ Authorization: bearer(u.accessToken) });

export async function createAgent(t: TestApp, owner: TestUser, body: Record<string, unknown> = {}) {
  const res = await t
    .http()
    .post('/api/agents')
    .set(auth(owner))
    .send({ name: `Agent ${Math.random().toString(36).slice(2, 8)}`, ...body });
  if (res.status !== 201) throw new Error(`create agent failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; slug: string; draft: { id: string } };
}

export async function templateIdByKey(t: TestApp, key: string): Promise<string> {
  const [row] = await t.db.query<{ id: string }>(`SELECT id FROM workflow_templates WHERE key = $1`, [key]);
  if (!row) throw new Error(`No seeded template ${key}`);
  return row.id;
}

/** An inline workflow that validates and runs on the demo model. */
export const SIMPLE_DEFINITION = {
  schemaVersion: 1,
  entry: 'answer',
  nodes: [{ id: 'answer', type: 'llm', config: { prompt: '{{input}}', stream: true } }],
  edges: [{ from: 'answer', to: '__end__' }],
};

/** POSTs to the real listening server and parses the SSE stream with the testkit reader. */
export async function postSse(
  t: TestApp,
  path: string,
  user: TestUser,
  body: unknown,
): Promise<{ status: number; contentType: string | null; events: SseMessage[]; json?: unknown }> {
  const server = t.app.getHttpServer();
  if (!server.listening) await t.app.listen(0, '127.0.0.1');
  const { port } = server.address() as AddressInfo;
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method: 'POST',
    headers: { ...auth(user), 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify(body),
  });
  const contentType = res.headers.get('content-type');
  if (!contentType?.startsWith('text/event-stream'))
    return { status: res.status, contentType, events: [], json: await res.json() };
  const events: SseMessage[] = [];
  for await (const ev of readSse(res)) events.push(ev);
  return { status: res.status, contentType, events };
}
