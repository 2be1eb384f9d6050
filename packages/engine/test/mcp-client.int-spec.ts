import { startMcpTestServer, type McpTestServer } from '@agenthub/testkit';
import { McpConnection, McpError } from '../src/tools/mcp-client';

// The test server listens on loopback, which the SSRF guard refuses unless told otherwise.
const loopback = { ssrf: { allowedHosts: ['127.0.0.1'] } };

describe('McpConnection against the testkit MCP server', () => {
  let mcp: McpTestServer;
  beforeAll(async () => {
    mcp = await startMcpTestServer();
  });
  afterAll(() => mcp.close());

  it('lists the tools with their input schemas over streamable HTTP', async () => {
    const conn = await McpConnection.connect({ url: mcp.url, transport: 'streamable_http' }, loopback);
    try {
      expect(conn.transportKind).toBe('streamable_http');
      const tools = await conn.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual(['add', 'echo', 'fail', 'search', 'slow']);
      const add = tools.find((t) => t.name === 'add');
      expect(add?.description).toBe('Adds two numbers.');
      expect(add?.inputSchema).toMatchObject({
        type: 'object',
        properties: { a: { type: 'number' }, b: { type: 'number' } },
        required: ['a', 'b'],
      });
    } finally {
      await conn.close();
    }
  });

  it('calls tools and returns their text', async () => {
    const conn = await McpConnection.connect({ url: mcp.url, transport: 'streamable_http' }, loopback);
    try {
      const before = mcp.calls.add ?? 0;
      await expect(conn.callTool('add', { a: 19, b: 23 })).resolves.toMatchObject({
        isError: false,
        text: '42',
      });
      expect(mcp.calls.add).toBe(before + 1);
      const search = await conn.callTool('search', { q: 'vector databases' });
      expect(search.isError).toBe(false);
      expect(search.content).toHaveLength(1);
      const results = JSON.parse(search.text) as Array<{ snippet: string }>;
      expect(results).toHaveLength(3);
      expect(results.every((r) => r.snippet.includes('vector databases'))).toBe(true);
    } finally {
      await conn.close();
    }
  });

  it('returns an isError result as data, not as an exception', async () => {
    const conn = await McpConnection.connect({ url: mcp.url, transport: 'streamable_http' }, loopback);
    try {
      const res = await conn.callTool('fail', {});
      expect(res).toMatchObject({ isError: true, text: 'fail tool: failed on purpose' });
      // Invalid arguments are reported by the server the same way.
      expect((await conn.callTool('add', { a: 'one' })).isError).toBe(true);
    } finally {
      await conn.close();
    }
  });

  it('speaks the legacy SSE transport when asked', async () => {
    const conn = await McpConnection.connect({ url: mcp.sseUrl, transport: 'sse' }, loopback);
    try {
      expect(conn.transportKind).toBe('sse');
      await expect(conn.callTool('echo', { text: 'over sse' })).resolves.toMatchObject({
        text: 'over sse',
        isError: false,
      });
      expect((await conn.listTools()).length).toBe(5);
    } finally {
      await conn.close();
    }
  });

  it('falls back to SSE when a streamable HTTP POST gets a 4xx', async () => {
    const conn = await McpConnection.connect({ url: mcp.sseUrl, transport: 'streamable_http' }, loopback);
    try {
      expect(conn.transportKind).toBe('sse');
      await expect(conn.callTool('echo', { text: 'fallback' })).resolves.toMatchObject({ text: 'fallback' });
    } finally {
      await conn.close();
    }
  });

  it('times out a slow call with mcp_timeout and cancels it on the server', async () => {
    const conn = await McpConnection.connect({ url: mcp.url, transport: 'streamable_http' }, loopback);
    try {
      const t0 = Date.now();
      const err = await conn.callTool('slow', { ms: 5000 }, { timeoutMs: 200 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(McpError);
      expect((err as McpError).code).toBe('mcp_timeout');
      expect(Date.now() - t0).toBeLessThan(1500);
      // The connection stays usable after a timeout.
      await expect(conn.callTool('slow', { ms: 10 })).resolves.toMatchObject({ text: 'slept 10 ms' });
    } finally {
      await conn.close();
    }
  });

  it('uses the connection-wide timeout as the default per call', async () => {
    const conn = await McpConnection.connect(
      { url: mcp.url, transport: 'streamable_http' },
      { ...loopback, timeoutMs: 300 },
    );
    try {
      await expect(conn.callTool('slow', { ms: 3000 })).rejects.toMatchObject({ code: 'mcp_timeout' });
    } finally {
      await conn.close();
    }
  });

  it('stops a call when its signal aborts', async () => {
    const conn = await McpConnection.connect({ url: mcp.url, transport: 'streamable_http' }, loopback);
    try {
      const ac = new AbortController();
      setTimeout(() => ac.abort(), 100);
      const t0 = Date.now();
      await expect(conn.callTool('slow', { ms: 5000 }, { signal: ac.signal })).rejects.toMatchObject({
        code: 'aborted',
      });
      expect(Date.now() - t0).toBeLessThan(1500);
    } finally {
      await conn.close();
    }
  });

  it('refuses a private or loopback server URL unless allowed (SSRF)', async () => {
    for (const url of [
      mcp.url,
      'http://169.254.169.254/mcp',
      'http://10.0.0.5/mcp',
      mcp.url.replace('127.0.0.1', 'localhost'),
    ]) {
      const err = await McpConnection.connect({ url, transport: 'streamable_http' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(McpError);
      expect((err as McpError).code).toBe('ssrf_blocked');
    }
    const ok = await McpConnection.connect(
      { url: mcp.url.replace('127.0.0.1', 'localhost'), transport: 'streamable_http' },
      { ssrf: { allowPrivateNetwork: true } },
    );
    await ok.close();
  });

  it('reports an unreachable server as mcp_connect_failed', async () => {
    const err = await McpConnection.connect(
      { url: 'http://127.0.0.1:1/mcp', transport: 'streamable_http' },
      loopback,
    ).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'mcp_connect_failed' });
  });

  it('refuses calls after close', async () => {
    const conn = await McpConnection.connect({ url: mcp.url, transport: 'streamable_http' }, loopback);
    await conn.close();
    await expect(conn.callTool('echo', { text: 'x' })).rejects.toMatchObject({ code: 'mcp_connect_failed' });
  });
});

describe('McpConnection session recovery', () => {
  it('reconnects once when the server lost the session ("Session not found")', async () => {
    const mcp = await startMcpTestServer({ stateful: true });
    const conn = await McpConnection.connect({ url: mcp.url, transport: 'streamable_http' }, loopback);
    try {
      await expect(conn.callTool('echo', { text: 'first' })).resolves.toMatchObject({ text: 'first' });
      await mcp.dropSessions();
      await expect(conn.callTool('echo', { text: 'second' })).resolves.toMatchObject({ text: 'second' });
      expect(mcp.calls.echo).toBe(2);
    } finally {
      await conn.close();
      await mcp.close();
    }
  });
});
