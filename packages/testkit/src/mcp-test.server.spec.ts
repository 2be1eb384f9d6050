import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { startMcpTestServer, type McpTestServer } from './mcp-test.server';

function textOf(result: object): string {
  const content = ((result as { content?: unknown }).content ?? []) as Array<{ type: string; text?: string }>;
  return content.map((c) => c.text ?? '').join('');
}

describe('startMcpTestServer', () => {
  let mcp: McpTestServer;
  beforeAll(async () => {
    mcp = await startMcpTestServer();
  });
  afterAll(() => mcp.close());

  it('serves the tools over stateless streamable HTTP and counts calls', async () => {
    const client = new Client({ name: 'spec', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(mcp.url)));
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual(['add', 'echo', 'fail', 'search', 'slow']);
      expect(tools.find((t) => t.name === 'add')?.inputSchema).toMatchObject({
        type: 'object',
        properties: { a: { type: 'number' }, b: { type: 'number' } },
      });

      expect(textOf(await client.callTool({ name: 'echo', arguments: { text: 'hi' } }))).toBe('hi');
      expect(textOf(await client.callTool({ name: 'add', arguments: { a: 2, b: 40 } }))).toBe('42');
      const results = JSON.parse(
        textOf(await client.callTool({ name: 'search', arguments: { q: 'langgraph' } })),
      ) as Array<{ title: string }>;
      expect(results).toHaveLength(3);
      expect(results.every((r) => r.title.includes('langgraph'))).toBe(true);
      const failed = await client.callTool({ name: 'fail', arguments: {} });
      expect(failed.isError).toBe(true);
      expect(textOf(failed)).toContain('failed on purpose');
      expect(textOf(await client.callTool({ name: 'slow', arguments: { ms: 20 } }))).toBe('slept 20 ms');
      expect(mcp.calls).toMatchObject({ echo: 1, add: 1, search: 1, fail: 1, slow: 1 });
    } finally {
      await client.close();
    }
  });

  it('reports invalid arguments as a tool error', async () => {
    const client = new Client({ name: 'spec', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(mcp.url)));
    try {
      const res = await client.callTool({ name: 'add', arguments: { a: 'x' } });
      expect(res.isError).toBe(true);
    } finally {
      await client.close();
    }
  });

  it('serves the legacy SSE transport, and POST on the SSE URL is a 4xx', async () => {
    const client = new Client({ name: 'spec', version: '1.0.0' });
    await client.connect(new SSEClientTransport(new URL(mcp.sseUrl)));
    try {
      expect(textOf(await client.callTool({ name: 'echo', arguments: { text: 'over sse' } }))).toBe(
        'over sse',
      );
    } finally {
      await client.close();
    }
    const post = await fetch(mcp.sseUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(post.status).toBe(405);
  });

  it('cancels the slow tool when the client aborts', async () => {
    const client = new Client({ name: 'spec', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(mcp.url)));
    try {
      const t0 = Date.now();
      await expect(
        client.callTool({ name: 'slow', arguments: { ms: 5000 } }, undefined, { timeout: 100 }),
      ).rejects.toThrow(/timed out/i);
      expect(Date.now() - t0).toBeLessThan(1000);
    } finally {
      await client.close();
    }
  });
});

describe('startMcpTestServer stateful mode', () => {
  it('answers 404 "Session not found" after dropSessions()', async () => {
    const mcp = await startMcpTestServer({ stateful: true });
    const client = new Client({ name: 'spec', version: '1.0.0' });
    try {
      await client.connect(new StreamableHTTPClientTransport(new URL(mcp.url)));
      expect(textOf(await client.callTool({ name: 'echo', arguments: { text: 'a' } }))).toBe('a');
      await mcp.dropSessions();
      await expect(client.callTool({ name: 'echo', arguments: { text: 'b' } })).rejects.toThrow(
        /Session not found/,
      );
    } finally {
      await client.close().catch(() => undefined);
      await mcp.close();
    }
  });
});
