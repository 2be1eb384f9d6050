import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
// The low-level Server: tools here are built at request time from the caller's library, with
// JSON Schemas derived from workflow variables, which McpServer's zod-based registerTool does not take.
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import {
  CallToolRequestSchema,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
} from '@modelcontextprotocol/sdk/types.js';
import type { Request, Response } from 'express';
import type { AuthUser } from '../common/auth.decorators.js';
import { DomainError } from '../common/domain-error.js';
import { SSE_HEARTBEAT_MS } from '../common/sse.util.js';
import { McpAgentToolsService } from './mcp-agent-tools.service.js';

/** Where a legacy SSE client posts its messages (announced in the stream's `endpoint` event). */
export const MCP_SSE_MESSAGES_PATH = '/mcp/messages';

const SERVER_INFO = { name: 'agenthub', title: 'AgentHub agents', version: '0.1.0' };
const INSTRUCTIONS =
  'Each tool is an AgentHub agent installed in your library. Send your request as `message`. ' +
  'Every result carries a conversationId: pass it back to continue the same conversation, and to ' +
  'answer an agent that asks for input.';

interface SseSession {
  transport: SSEServerTransport;
  server: Server;
  userId: string;
}

/**
 * The MCP protocol side: a fresh SDK Server per streamable-HTTP request (stateless: a server and
 * transport serve one request, then close), and per legacy SSE connection a Server kept while the
 * connection is open (sessions live in this process' memory: behind several replicas, SSE needs
 * sticky sessions; streamable HTTP does not). Tool listing and calls go to McpAgentToolsService.
 */
@Injectable()
export class McpServerService implements OnModuleDestroy {
  private readonly logger = new Logger('McpServer');
  private readonly sseSessions = new Map<string, SseSession>();
  /**
   * Tool calls in flight on stateless requests, by caller, credential and JSON-RPC id: a client's
   * `notifications/cancelled` arrives in a later POST, on a fresh Server that does not know the
   * call, so it is matched here (in this process; on another replica it finds nothing).
   */
  private readonly inflight = new Map<string, AbortController>();

  constructor(private readonly tools: McpAgentToolsService) {}

  /** `POST /mcp[/agents/:slug]`: one JSON-RPC message (or batch), answered as JSON or SSE. */
  async handleStreamable(user: AuthUser, slug: string | undefined, req: Request, res: Response) {
    if (slug !== undefined) await this.tools.tools(user, slug);
    this.cancelRequested(user, req.body);
    const server = this.build(user, slug, { stateless: true });
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, req.body);
  }

  /** `GET /mcp/sse[/agents/:slug]` (legacy transport): opens the stream and announces the messages URL. */
  async openSse(user: AuthUser, slug: string | undefined, res: Response) {
    if (slug !== undefined) await this.tools.tools(user, slug);
    res.setHeader('X-Accel-Buffering', 'no');
    const transport = new SSEServerTransport(MCP_SSE_MESSAGES_PATH, res);
    const server = this.build(user, slug, { stateless: false });
    const sessionId = transport.sessionId;
    this.sseSessions.set(sessionId, { transport, server, userId: user.id });
    const heartbeat = setInterval(() => {
      if (!res.writableEnded) res.write(': keep-alive\n\n');
    }, SSE_HEARTBEAT_MS);
    heartbeat.unref();
    res.on('close', () => {
      clearInterval(heartbeat);
      this.sseSessions.delete(sessionId);
      void server.close();
    });
    await server.connect(transport);
  }

  /** `POST /mcp/messages?sessionId=`: a message of an open SSE session of the same caller. */
  async postSseMessage(user: AuthUser, sessionId: string, req: Request, res: Response) {
    const session = this.sseSessions.get(sessionId);
    // Another caller's session is "not found" too: its id must not be usable by anyone else.
    if (!session || session.userId !== user.id)
      throw new DomainError(
        404,
        'mcp_session_not_found',
        'No open MCP SSE session with this id: open a new SSE connection',
        [{ path: 'query.sessionId', code: 'mcp_session_not_found', message: 'Unknown or closed session' }],
      );
    await session.transport.handlePostMessage(req, res, req.body);
  }

  /** Open SSE sessions (for tests and shutdown). */
  openSessions(): number {
    return this.sseSessions.size;
  }

  async onModuleDestroy(): Promise<void> {
    const sessions = [...this.sseSessions.values()];
    this.sseSessions.clear();
    await Promise.allSettled(sessions.map((s) => s.server.close()));
  }

  private inflightKey(user: AuthUser, requestId: unknown): string {
    const credential = user.via.kind === 'api_key' ? user.via.apiKeyId : (user.via.sessionId ?? 'token');
    return `${user.id}:${credential}:${String(requestId)}`;
  }

  /** Aborts the calls named by `notifications/cancelled` messages of this body (one or a batch). */
  private cancelRequested(user: AuthUser, body: unknown): void {
    for (const message of Array.isArray(body) ? body : [body]) {
      const m = message as { method?: unknown; params?: { requestId?: unknown } } | null;
      if (m?.method !== 'notifications/cancelled' || m.params?.requestId === undefined) continue;
      this.inflight.get(this.inflightKey(user, m.params.requestId))?.abort();
    }
  }

  private build(user: AuthUser, slug: string | undefined, mode: { stateless: boolean }): Server {
    const server = new Server(SERVER_INFO, { capabilities: { tools: {} }, instructions: INSTRUCTIONS });
    server.onerror = (err) => this.logger.warn(`MCP: ${err.message}`);
    server.setRequestHandler(ListToolsRequestSchema, async () => ({
      tools: (await this.tools.tools(user, slug)).map((t) => ({
        name: t.name,
        title: t.title,
        description: t.description,
        inputSchema: t.inputSchema,
        annotations: { title: t.title, readOnlyHint: false, openWorldHint: true },
      })),
    }));
    server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
      const name = request.params.name;
      const tool = (await this.tools.tools(user, slug)).find((t) => t.name === name);
      if (!tool)
        throw new McpError(
          ErrorCode.InvalidParams,
          `Unknown tool '${name}': not an agent installed in your library`,
          { code: 'agent_not_installed' },
        );
      const progressToken = extra._meta?.progressToken;
      let progress = 0;
      // Aborted by the SDK (connection closed; on SSE also notifications/cancelled) or, stateless, by cancelRequested.
      const cancel = new AbortController();
      const onAbort = () => cancel.abort();
      extra.signal.addEventListener('abort', onAbort, { once: true });
      const key = mode.stateless ? this.inflightKey(user, extra.requestId) : undefined;
      if (key) this.inflight.set(key, cancel);
      try {
        return await this.tools.call(user, tool, request.params.arguments, {
          signal: cancel.signal,
          onToken:
            progressToken === undefined
              ? undefined
              : (delta) =>
                  extra.sendNotification({
                    method: 'notifications/progress',
                    params: { progressToken, progress: ++progress, message: delta },
                  }),
        });
      } finally {
        extra.signal.removeEventListener('abort', onAbort);
        if (key && this.inflight.get(key) === cancel) this.inflight.delete(key);
      }
    });
    return server;
  }
}
