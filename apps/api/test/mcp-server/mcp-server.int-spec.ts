import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { CallToolResult, Progress } from '@modelcontextprotocol/sdk/types.js';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type MockOpenAIServer, startMockOpenAI } from '@agenthub/testkit';
import { WorkerModule } from '../../src/worker.module';
import { deleteRedisKeys } from '../helpers/test-redis';
import type { TestApp, TestUser } from '../helpers/test-app';
import {
  APPROVAL_DEFINITION,
  auth,
  baseUrl,
  type ChatCast,
  createChatCast,
  createChatTestApp,
  publishAgent,
  useMockAsDefaultLlm,
  waitFor,
} from '../chat/chat-test.fixtures';

type TransportKind = 'streamable' | 'sse';

/** An llm node whose prompt uses a declared variable: its value comes from the tool arguments. */
const TONE_DEFINITION = {
  schemaVersion: 1,
  entry: 'answer',
  variables: { tone: { type: 'string', default: 'plain', description: 'How the answer should sound' } },
  nodes: [{ id: 'answer', type: 'llm', config: { prompt: '{{vars.tone}}: {{input}}', stream: true } }],
  edges: [{ from: 'answer', to: '__end__' }],
};

/** The official SDK client on either transport, authenticated with an API key. */
async function connect(t: TestApp, key: string | undefined, kind: TransportKind, path = '/mcp') {
  const base = await baseUrl(t);
  const requestInit = key ? { headers: { Authorization: `Bearer ${key}` } } : undefined;
  const transport: Transport =
    kind === 'streamable'
      ? new StreamableHTTPClientTransport(new URL(`${base}${path}`), { requestInit })
      : new SSEClientTransport(new URL(`${base}${path === '/mcp' ? '/mcp/sse' : `${path}/sse`}`), {
          requestInit,
        });
  const client = new Client({ name: 'agenthub-test', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

const textOf = (r: CallToolResult) =>
  (r.content as Array<{ type: string; text?: string }>).map((c) => c.text ?? '');
const meta = (r: CallToolResult, key: string) => (r._meta as Record<string, unknown> | undefined)?.[key];

describe('MCP server endpoint (/mcp): installed agents as tools, with the official SDK client', () => {
  let t: TestApp;
  let c: ChatCast;
  let llm: MockOpenAIServer;
  let agent: { id: string; slug: string };
  let approval: { id: string; slug: string };
  let notInstalled: { id: string; slug: string };
  let tone: { id: string; slug: string };
  let key: string;

  const install = async (u: TestUser, agentId: string) =>
    t.http().post(`/api/store/agents/${agentId}/install`).set(auth(u)).expect(200);

  beforeAll(async () => {
    llm = await startMockOpenAI();
    t = await createChatTestApp();
    c = await createChatCast(t);
    await useMockAsDefaultLlm(t, c.admin, llm);
    agent = await publishAgent(t, c.owner);
    approval = await publishAgent(t, c.owner, APPROVAL_DEFINITION);
    notInstalled = await publishAgent(t, c.owner);
    tone = await publishAgent(t, c.owner, TONE_DEFINITION);
    await install(c.user, agent.id);
    await install(c.user, approval.id);
    await install(c.user, tone.id);
    key = await t.createApiKey(c.user);
  });
  afterAll(async () => {
    await t?.close();
    await llm?.close();
  });

  describe.each<TransportKind>(['streamable', 'sse'])('over %s', (kind) => {
    let client: Client;
    beforeAll(async () => {
      client = await connect(t, key, kind);
    });
    afterAll(async () => {
      await client?.close();
    });

    it('lists one tool per installed agent (name = slug, message + conversationId schema)', async () => {
      const { tools } = await client.listTools();
      expect(tools.map((x) => x.name).sort()).toEqual([agent.slug, approval.slug, tone.slug].sort());
      expect(tools.map((x) => x.name)).not.toContain(notInstalled.slug);
      const tool = tools.find((x) => x.name === agent.slug)!;
      expect(tool.description).toBeTruthy();
      expect(tool.inputSchema).toMatchObject({
        type: 'object',
        properties: { message: { type: 'string' }, conversationId: { type: 'string' } },
        required: ['message'],
      });
    });

    it('calls an agent: progress notifications while tokens arrive, then the final text', async () => {
      const progress: Progress[] = [];
      const result = (await client.callTool(
        { name: agent.slug, arguments: { message: `hello ${kind}` } },
        undefined,
        {
          onprogress: (p) => progress.push(p),
        },
      )) as CallToolResult;
      expect(result.isError).toBeFalsy();
      expect(textOf(result)[0]).toBe(`Mock answer to: hello ${kind}`);
      expect(progress.length).toBeGreaterThan(1);
      expect(progress.map((p) => p.message).join('')).toBe(`Mock answer to: hello ${kind}`);
      expect(progress.map((p) => p.progress)).toEqual(progress.map((_, i) => i + 1));
      const conversationId = meta(result, 'agenthub/conversationId') as string;
      expect(textOf(result)[1]).toContain(conversationId);

      // The run is an ordinary chat run of the caller, with usage and cost, and counts as a use.
      const runId = meta(result, 'agenthub/runId') as string;
      const run = await t.http().get(`/api/runs/${runId}`).set(auth(c.user)).expect(200);
      expect(run.body).toMatchObject({ status: 'completed', chatId: conversationId });
      expect(run.body.usage.completionTokens).toBeGreaterThan(0);
      expect(run.body.usage.costUsd).toBeGreaterThan(0);
      const library = await t.http().get('/api/me/agents').set(auth(c.user)).expect(200);
      const item = (library.body.items as Array<{ agent: { id: string }; useCount: number }>).find(
        (i) => i.agent.id === agent.id,
      )!;
      expect(item.useCount).toBeGreaterThan(0);
      // Another user cannot see it.
      await t.http().get(`/api/runs/${runId}`).set(auth(c.other)).expect(404);
    });

    it('continues the chat with conversationId (the earlier turns are the history)', async () => {
      const first = (await client.callTool({
        name: agent.slug,
        arguments: { message: 'My name is Ada.' },
      })) as CallToolResult;
      const conversationId = meta(first, 'agenthub/conversationId') as string;
      const second = (await client.callTool({
        name: agent.slug,
        arguments: { message: 'What is my name?', conversationId },
      })) as CallToolResult;
      expect(textOf(second)[0]).toBe('Mock answer to: What is my name?');
      expect(meta(second, 'agenthub/conversationId')).toBe(conversationId);
      const sent = llm.requests.at(-1)!.messages.map((m) => String(m.content));
      expect(sent).toEqual(expect.arrayContaining(['My name is Ada.', 'Mock answer to: My name is Ada.']));
      const messages = await t
        .http()
        .get(`/api/chats/${conversationId}/messages`)
        .set(auth(c.user))
        .expect(200);
      expect(messages.body.items).toHaveLength(4);
    });

    it('a human-input agent returns "needs input"; calling again with the reply resumes the run', async () => {
      const paused = (await client.callTool({
        name: approval.slug,
        arguments: { message: 'a blog post' },
      })) as CallToolResult;
      expect(paused.isError).toBeFalsy();
      expect(meta(paused, 'agenthub/status')).toBe('needs_input');
      const conversationId = meta(paused, 'agenthub/conversationId') as string;
      const text = textOf(paused)[0]!;
      expect(text).toContain('Mock answer to: Draft: a blog post');
      expect(text).toContain('The agent needs input: Publish it?');
      expect(text).toContain(`call ${approval.slug} again with conversationId "${conversationId}"`);
      const runId = meta(paused, 'agenthub/runId');

      const resumed = (await client.callTool({
        name: approval.slug,
        arguments: { message: 'yes', conversationId },
      })) as CallToolResult;
      expect(resumed.isError).toBeFalsy();
      expect(meta(resumed, 'agenthub/runId')).toBe(runId);
      expect(meta(resumed, 'agenthub/status')).toBe('completed');
      expect(textOf(resumed)[0]).toBe('Approved.');
    });

    it('refuses an agent the caller has not installed, and bad arguments, as errors with our codes', async () => {
      await expect(client.callTool({ name: notInstalled.slug, arguments: { message: 'x' } })).rejects.toThrow(
        /not an agent installed in your library/,
      );
      const bad = (await client.callTool({ name: agent.slug, arguments: { message: '' } })) as CallToolResult;
      expect(bad.isError).toBe(true);
      expect(textOf(bad)[0]).toMatch(/^validation_failed: .*arguments\.message/);
      const foreign = (await client.callTool({
        name: agent.slug,
        arguments: { message: 'x', conversationId: '00000000-0000-4000-8000-000000000000' },
      })) as CallToolResult;
      expect(foreign.isError).toBe(true);
      expect(meta(foreign, 'agenthub/error')).toMatchObject({ code: 'not_found', statusCode: 404 });
    });
  });

  it("takes the workflow's declared variables as tool arguments", async () => {
    const client = await connect(t, key, 'streamable');
    const { tools } = await client.listTools();
    expect(tools.find((x) => x.name === tone.slug)!.inputSchema).toMatchObject({
      properties: {
        message: { type: 'string' },
        conversationId: { type: 'string' },
        tone: { type: 'string', default: 'plain', description: 'How the answer should sound' },
      },
      required: ['message'],
    });
    const pirate = (await client.callTool({
      name: tone.slug,
      arguments: { message: 'hi', tone: 'pirate' },
    })) as CallToolResult;
    expect(textOf(pirate)[0]).toBe('Mock answer to: pirate: hi');
    const plain = (await client.callTool({
      name: tone.slug,
      arguments: { message: 'hi' },
    })) as CallToolResult;
    expect(textOf(plain)[0]).toBe('Mock answer to: plain: hi');
    const wrong = (await client.callTool({
      name: tone.slug,
      arguments: { message: 'hi', tone: 3 },
    })) as CallToolResult;
    expect(wrong.isError).toBe(true);
    expect(textOf(wrong)[0]).toContain('arguments.tone: tone must be a string');
    await client.close();
  });

  it('answers 401 with a JSON-RPC error body for a missing or wrong API key', async () => {
    const base = await baseUrl(t);
    const init = {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    };
    for (const authorization of [undefined, 'Bearer ahk_wrong_key_0000000000000000', 'Bearer nonsense']) {
      const res = await fetch(`${base}/mcp`, {
        ...init,
        headers: { ...init.headers, ...(authorization ? { authorization } : {}) },
      });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      const body = (await res.json()) as { jsonrpc: string; id: null; error: { data: { code: string } } };
      expect(body).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32000 } });
      expect(body.error.data.code).toMatch(/unauthorized|invalid_api_key|invalid_token/);
    }
    await expect(connect(t, undefined, 'streamable')).rejects.toThrow(/401|Unauthorized|Authentication/i);
    await expect(connect(t, 'ahk_wrong', 'sse')).rejects.toThrow();
    const sse = await fetch(`${base}/mcp/sse`);
    expect(sse.status).toBe(401);
    await sse.body?.cancel();
  });

  it('/mcp/agents/:slug exposes one installed agent; others are 404 agent_not_installed', async () => {
    for (const kind of ['streamable', 'sse'] as const) {
      const client = await connect(t, key, kind, `/mcp/agents/${agent.slug}`);
      const { tools } = await client.listTools();
      expect(tools.map((x) => x.name)).toEqual([agent.slug]);
      const result = (await client.callTool({
        name: agent.slug,
        arguments: { message: 'one' },
      })) as CallToolResult;
      expect(textOf(result)[0]).toBe('Mock answer to: one');
      await expect(client.callTool({ name: approval.slug, arguments: { message: 'x' } })).rejects.toThrow(
        /Unknown tool/,
      );
      await client.close();
    }
    const res = await fetch(`${await baseUrl(t)}/mcp/agents/${notInstalled.slug}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${key}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { data: { code: 'agent_not_installed' } } });
  });

  it('documents the MCP endpoints in the OpenAPI document, with bearer auth', async () => {
    const doc = (await t.http().get('/api/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { security?: unknown[]; tags?: string[] }>>;
    };
    for (const [path, method] of [
      ['/mcp', 'post'],
      ['/mcp/agents/{slug}', 'post'],
      ['/mcp/sse', 'get'],
      ['/mcp/agents/{slug}/sse', 'get'],
      ['/mcp/messages', 'post'],
    ] as const) {
      expect(doc.paths[path]?.[method]).toMatchObject({ tags: ['mcp'], security: [{ bearer: [] }] });
    }
  });

  it('an SSE session belongs to its caller; GET /mcp is 405 (stateless)', async () => {
    const base = await baseUrl(t);
    const otherKey = await t.createApiKey(c.other);
    const stream = await fetch(`${base}/mcp/sse`, { headers: { authorization: `Bearer ${key}` } });
    const reader = stream.body!.getReader();
    let head = '';
    while (!head.includes('sessionId=')) head += new TextDecoder().decode((await reader.read()).value);
    const sessionId = /sessionId=([0-9a-f-]+)/.exec(head)![1];
    const post = (k: string) =>
      fetch(`${base}/mcp/messages?sessionId=${sessionId}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${k}`, 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }),
      });
    const foreign = await post(otherKey);
    expect(foreign.status).toBe(404);
    expect(await foreign.json()).toMatchObject({ error: { data: { code: 'mcp_session_not_found' } } });
    expect((await post(key)).status).toBe(202);
    await reader.cancel();
    const get = await fetch(`${base}/mcp`, { headers: { authorization: `Bearer ${key}` } });
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    await get.body?.cancel();
  });
});

describe('MCP server endpoint: the chat limits apply to tool calls', () => {
  let t: TestApp;
  let llm: MockOpenAIServer;

  beforeAll(async () => {
    llm = await startMockOpenAI();
    t = await createChatTestApp({ env: { CHAT_RUNS_PER_MINUTE: '1' } });
  });
  afterAll(async () => {
    await t?.close();
    await llm?.close();
  });

  it('a call past the rate limit is a tool error with code rate_limited and leaves no empty chat', async () => {
    const c = await createChatCast(t);
    await useMockAsDefaultLlm(t, c.admin, llm);
    const agent = await publishAgent(t, c.owner);
    await t.http().post(`/api/store/agents/${agent.id}/install`).set(auth(c.user)).expect(200);
    const client = await connect(t, await t.createApiKey(c.user), 'streamable');
    const first = (await client.callTool({
      name: agent.slug,
      arguments: { message: 'one' },
    })) as CallToolResult;
    expect(first.isError).toBeFalsy();
    const second = (await client.callTool({
      name: agent.slug,
      arguments: { message: 'two' },
    })) as CallToolResult;
    expect(second.isError).toBe(true);
    expect(meta(second, 'agenthub/error')).toMatchObject({ code: 'rate_limited', statusCode: 429 });
    expect(textOf(second)[0]).toMatch(/^rate_limited: /);
    const chats = await t.http().get('/api/chats').set(auth(c.user)).expect(200);
    expect(chats.body.total).toBe(1);
    await client.close();
  });
});

describe('MCP server endpoint in bullmq mode: a worker runs the call, tokens arrive through Redis', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let llm: MockOpenAIServer;
  let c: ChatCast;
  let agent: { id: string; slug: string };
  let client: Client;
  let key: string;

  beforeAll(async () => {
    llm = await startMockOpenAI();
    t = await createChatTestApp({ redis: true, env: { QUEUE_MODE: 'bullmq' } });
    worker = await NestFactory.createApplicationContext(
      WorkerModule.forRoot({ config: t.config, logDestination: { write: () => true } }),
      { logger: false },
    );
    await worker.init();
    c = await createChatCast(t);
    await useMockAsDefaultLlm(t, c.admin, llm);
    agent = await publishAgent(t, c.owner);
    await t.http().post(`/api/store/agents/${agent.id}/install`).set(auth(c.user)).expect(200);
    key = await t.createApiKey(c.user);
    client = await connect(t, key, 'streamable');
  });
  afterAll(async () => {
    await client?.close();
    await worker?.close();
    await t?.close();
    await llm?.close();
    if (t?.redisPrefix) await deleteRedisKeys(t.redisPrefix);
  });

  it('streams progress and returns the answer of a run executed by the worker', async () => {
    const progress: Progress[] = [];
    const result = (await client.callTool({ name: agent.slug, arguments: { message: 'queued' } }, undefined, {
      onprogress: (p) => progress.push(p),
    })) as CallToolResult;
    expect(textOf(result)[0]).toBe('Mock answer to: queued');
    expect(progress.map((p) => p.message).join('')).toBe('Mock answer to: queued');
  });

  it.each<TransportKind>(['streamable', 'sse'])('a cancelled request cancels its run (%s)', async (kind) => {
    const cancelling = await connect(t, key, kind);
    llm.setResponder(() => ({
      content: 'one two three four five six seven eight nine ten',
      tokenDelayMs: 150,
    }));
    const abort = new AbortController();
    let runId: string | undefined;
    const call = cancelling.callTool({ name: agent.slug, arguments: { message: 'slow' } }, undefined, {
      signal: abort.signal,
      onprogress: () => abort.abort(),
    });
    await expect(call).rejects.toThrow();
    await waitFor(async () => {
      const runs: Array<{ id: string; status: string }> = await t.db.query(
        `SELECT id, status FROM workflow_executions WHERE user_id = $1 ORDER BY created_at DESC LIMIT 1`,
        [c.user.id],
      );
      runId = runs[0]?.id;
      return runs[0]?.status === 'cancelled';
    });
    const run = await t.http().get(`/api/runs/${runId}`).set(auth(c.user)).expect(200);
    expect(run.body.status).toBe('cancelled');
    await cancelling.close();
  });
});
