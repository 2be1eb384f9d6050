import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';

export interface McpTestServerOptions {
  port?: number;
  /**
   * Serve streamable HTTP with sessions (one McpServer per `mcp-session-id`) instead of the
   * default stateless mode. Together with `dropSessions()` this simulates a server restart, after
   * which clients get "Session not found".
   */
  stateful?: boolean;
}

export interface McpTestServer {
  /** Streamable HTTP endpoint, e.g. http://127.0.0.1:PORT/mcp */
  url: string;
  /** Legacy SSE endpoint (GET opens the stream, POST to it answers 405 like an SSE-only server). */
  sseUrl: string;
  /** Number of calls per tool name. */
  calls: Record<string, number>;
  /** Forgets every streamable-HTTP session (stateful mode): the next request of a client gets 404 "Session not found". */
  dropSessions(): Promise<void>;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 4 * 1024 * 1024;

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch (err) {
        reject(err);
      }
    });
    req.on('error', reject);
  });
}

function jsonRpcError(res: ServerResponse, status: number, code: number, message: string): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }));
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(new Error('aborted'));
      return;
    }
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new Error('aborted'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function buildServer(calls: Record<string, number>): McpServer {
  const server = new McpServer({ name: 'agenthub-testkit-mcp', version: '1.0.0' });
  const count = (name: string): void => {
    calls[name] = (calls[name] ?? 0) + 1;
  };

  server.registerTool(
    'echo',
    {
      description: 'Returns the given text unchanged.',
      inputSchema: { text: z.string().describe('Text to echo back') },
    },
    async ({ text }) => {
      count('echo');
      return { content: [{ type: 'text', text }] };
    },
  );
  server.registerTool(
    'add',
    { description: 'Adds two numbers.', inputSchema: { a: z.number(), b: z.number() } },
    async ({ a, b }) => {
      count('add');
      return { content: [{ type: 'text', text: String(a + b) }] };
    },
  );
  server.registerTool(
    'search',
    {
      description: 'Searches a fake web index and returns three results.',
      inputSchema: { q: z.string().describe('Query') },
    },
    async ({ q }) => {
      count('search');
      const results = [1, 2, 3].map((i) => ({
        title: `Result ${i} for ${q}`,
        url: `https://example.com/search/${i}?q=${encodeURIComponent(q)}`,
        snippet: `Fake snippet ${i} about ${q}.`,
      }));
      return { content: [{ type: 'text', text: JSON.stringify(results) }] };
    },
  );
  server.registerTool(
    'fail',
    { description: 'Always fails (isError result).', inputSchema: {} },
    async () => {
      count('fail');
      return { isError: true, content: [{ type: 'text', text: 'fail tool: failed on purpose' }] };
    },
  );
  server.registerTool(
    'slow',
    {
      description: 'Sleeps for `ms` milliseconds, then answers; aborted when the client cancels.',
      inputSchema: { ms: z.number().int().min(0) },
    },
    async ({ ms }, extra) => {
      count('slow');
      await abortableSleep(ms, extra.signal);
      return { content: [{ type: 'text', text: `slept ${ms} ms` }] };
    },
  );
  return server;
}

/**
 * Starts a real MCP server on 127.0.0.1 built with the SDK's McpServer: streamable HTTP at `/mcp`
 * (stateless by default) and the legacy SSE transport at `/sse` (+ POST `/messages`).
 * Tools: echo{text}, add{a,b}, search{q}, fail{}, slow{ms}.
 */
export async function startMcpTestServer(opts: McpTestServerOptions = {}): Promise<McpTestServer> {
  const calls: Record<string, number> = {};
  const sockets = new Set<Socket>();
  const sseSessions = new Map<string, { transport: SSEServerTransport; server: McpServer }>();
  const httpSessions = new Map<string, { transport: StreamableHTTPServerTransport; server: McpServer }>();

  async function handleStateless(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') {
      jsonRpcError(res, 405, -32000, 'Method not allowed.');
      return;
    }
    const body = await readJson(req).catch(() => undefined);
    if (body === undefined) {
      jsonRpcError(res, 400, -32700, 'Parse error');
      return;
    }
    // Stateless mode needs a fresh server and transport per request (a reused one is "Already connected").
    const server = buildServer(calls);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  }

  async function handleStateful(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const sid = req.headers['mcp-session-id'];
    const sessionId = Array.isArray(sid) ? sid[0] : sid;
    const body = req.method === 'POST' ? await readJson(req).catch(() => undefined) : undefined;
    if (req.method === 'POST' && body === undefined) {
      jsonRpcError(res, 400, -32700, 'Parse error');
      return;
    }
    if (sessionId) {
      const session = httpSessions.get(sessionId);
      if (!session) {
        jsonRpcError(res, 404, -32001, 'Session not found');
        return;
      }
      await session.transport.handleRequest(req, res, body);
      return;
    }
    if (req.method !== 'POST') {
      jsonRpcError(res, 400, -32000, 'Bad Request: No valid session ID provided');
      return;
    }
    const server = buildServer(calls);
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        httpSessions.set(id, { transport, server });
      },
    });
    transport.onclose = () => {
      if (transport.sessionId) httpSessions.delete(transport.sessionId);
    };
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  }

  async function handleSseOpen(res: ServerResponse): Promise<void> {
    const transport = new SSEServerTransport('/messages', res);
    const server = buildServer(calls);
    sseSessions.set(transport.sessionId, { transport, server });
    res.on('close', () => {
      sseSessions.delete(transport.sessionId);
      void server.close();
    });
    await server.connect(transport);
  }

  async function handleSsePost(
    req: IncomingMessage,
    res: ServerResponse,
    query: URLSearchParams,
  ): Promise<void> {
    const session = sseSessions.get(query.get('sessionId') ?? '');
    if (!session) {
      jsonRpcError(res, 404, -32001, 'Session not found');
      return;
    }
    const body = await readJson(req).catch(() => undefined);
    if (body === undefined) {
      jsonRpcError(res, 400, -32700, 'Parse error');
      return;
    }
    await session.transport.handlePostMessage(req, res, body);
  }

  const http = createServer((req, res) => {
    req.on('error', () => undefined);
    res.on('error', () => undefined);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname.replace(/\/+$/, '');
    let work: Promise<void>;
    if (path === '/mcp') {
      work = opts.stateful ? handleStateful(req, res) : handleStateless(req, res);
    } else if (path === '/sse' && req.method === 'GET') {
      work = handleSseOpen(res);
    } else if (path === '/sse') {
      // Like a server that only speaks the legacy transport: lets clients test their 4xx fallback.
      work = Promise.resolve(
        jsonRpcError(res, 405, -32000, 'Method not allowed: this endpoint only speaks SSE.'),
      );
    } else if (path === '/messages' && req.method === 'POST') {
      work = handleSsePost(req, res, url.searchParams);
    } else {
      work = Promise.resolve(jsonRpcError(res, 404, -32000, 'Not found'));
    }
    work.catch((err: unknown) => {
      jsonRpcError(res, 500, -32603, `Internal error: ${err instanceof Error ? err.message : String(err)}`);
    });
  });
  http.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  http.on('clientError', (_err, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(opts.port ?? 0, '127.0.0.1', () => {
      http.off('error', reject);
      resolve();
    });
  });
  const port = (http.address() as AddressInfo).port;

  async function dropSessions(): Promise<void> {
    const sessions = [...httpSessions.values()];
    httpSessions.clear();
    await Promise.all(
      sessions.map(async (s) => {
        await s.transport.close().catch(() => undefined);
        await s.server.close().catch(() => undefined);
      }),
    );
  }

  return {
    url: `http://127.0.0.1:${port}/mcp`,
    sseUrl: `http://127.0.0.1:${port}/sse`,
    calls,
    dropSessions,
    async close() {
      await dropSessions();
      for (const { server } of sseSessions.values()) await server.close().catch(() => undefined);
      sseSessions.clear();
      await new Promise<void>((resolve) => {
        http.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
    },
  };
}
