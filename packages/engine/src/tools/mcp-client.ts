import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ErrorCode, McpError as SdkMcpError } from '@modelcontextprotocol/sdk/types.js';
import { createGuardedFetch } from '../security/guarded-fetch.util.js';
import { assertUrlAllowed, SsrfBlockedError, type SsrfOptions } from '../security/ssrf.util.js';

export interface McpServerRef {
  url: string;
  transport: 'streamable_http' | 'sse';
  headers?: Record<string, string>;
}

export interface McpToolInfo {
  name: string;
  description?: string;
  inputSchema: Record<string, unknown>;
}

export interface McpCallResult {
  isError: boolean;
  /** The text parts of the result joined with newlines (structured content as JSON when there is no text). */
  text: string;
  content: unknown[];
}

export type McpErrorCode =
  'mcp_connect_failed' | 'mcp_timeout' | 'mcp_tool_failed' | 'ssrf_blocked' | 'aborted';

export class McpError extends Error {
  constructor(
    readonly code: McpErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'McpError';
  }
}

export interface McpConnectOptions {
  /** Timeout for connecting and the default for each request. Default 30 000 ms. */
  timeoutMs?: number;
  ssrf?: SsrfOptions;
  signal?: AbortSignal;
  /** Client name announced to the server. */
  clientName?: string;
}

export const MCP_DEFAULT_TIMEOUT_MS = 30_000;

type TransportKind = 'streamable_http' | 'sse';

function findCause<T>(err: unknown, guard: (e: unknown) => e is T): T | undefined {
  let cur: unknown = err;
  for (let depth = 0; cur && depth < 6; depth++) {
    if (guard(cur)) return cur;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

const isSsrf = (e: unknown): e is SsrfBlockedError => e instanceof SsrfBlockedError;

function httpStatusOf(err: unknown): number | undefined {
  // StreamableHTTPError and SseError carry the HTTP status in `code`; the SDK's JSON-RPC errors are negative.
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'number' && code >= 100 && code < 600 ? code : undefined;
}

function isSessionLost(err: unknown): boolean {
  const message = err instanceof Error ? err.message : String(err);
  return /session not found/i.test(message) || (httpStatusOf(err) === 404 && /session/i.test(message));
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function resultText(content: unknown[], structured: unknown): string {
  const parts: string[] = [];
  for (const item of content) {
    const c = item as {
      type?: string;
      text?: string;
      resource?: { text?: string; uri?: string };
      uri?: string;
      mimeType?: string;
    };
    if (c.type === 'text' && typeof c.text === 'string') parts.push(c.text);
    else if (c.type === 'resource' && typeof c.resource?.text === 'string') parts.push(c.resource.text);
    else if (c.type === 'resource_link' && c.uri) parts.push(c.uri);
    else if (c.type === 'image' || c.type === 'audio')
      parts.push(`[${c.type}${c.mimeType ? ` ${c.mimeType}` : ''}]`);
  }
  if (parts.length === 0 && structured !== undefined) return JSON.stringify(structured);
  return parts.join('\n');
}

/**
 * One client connection to an MCP server for the duration of a run. Connections go through the
 * SSRF-guarded fetch, so a server URL that resolves (or later re-resolves) to a private address is
 * refused unless the options allow it.
 */
export class McpConnection {
  private client?: Client;
  private kind: TransportKind;
  private readonly fetchImpl: ReturnType<typeof createGuardedFetch>;
  private closed = false;

  private constructor(
    private readonly server: McpServerRef,
    private readonly opts: McpConnectOptions,
  ) {
    this.kind = server.transport;
    this.fetchImpl = createGuardedFetch({ ssrf: opts.ssrf });
  }

  /** The transport in use after connecting (streamable HTTP may have fallen back to SSE). */
  get transportKind(): TransportKind {
    return this.kind;
  }

  static async connect(server: McpServerRef, opts: McpConnectOptions = {}): Promise<McpConnection> {
    try {
      await assertUrlAllowed(server.url, opts.ssrf);
    } catch (err) {
      if (err instanceof SsrfBlockedError)
        throw new McpError('ssrf_blocked', `MCP server URL refused: ${err.message}`, { cause: err });
      throw new McpError('mcp_connect_failed', `Cannot reach MCP server ${server.url}: ${describe(err)}`, {
        cause: err,
      });
    }
    const conn = new McpConnection(server, opts);
    await conn.open(opts.signal);
    return conn;
  }

  private get timeoutMs(): number {
    return this.opts.timeoutMs ?? MCP_DEFAULT_TIMEOUT_MS;
  }

  private newTransport(kind: TransportKind): Transport {
    const url = new URL(this.server.url);
    const requestInit: RequestInit = { headers: { ...(this.server.headers ?? {}) } };
    return kind === 'sse'
      ? new SSEClientTransport(url, { requestInit, fetch: this.fetchImpl })
      : new StreamableHTTPClientTransport(url, { requestInit, fetch: this.fetchImpl });
  }

  private async openWith(kind: TransportKind, signal?: AbortSignal): Promise<Client> {
    const client = new Client({ name: this.opts.clientName ?? 'agenthub-engine', version: '1.0.0' });
    try {
      await client.connect(this.newTransport(kind), { timeout: this.timeoutMs, signal });
      return client;
    } catch (err) {
      await client.close().catch(() => undefined);
      throw err;
    }
  }

  private async open(signal?: AbortSignal): Promise<void> {
    try {
      try {
        this.client = await this.openWith(this.kind, signal);
      } catch (err) {
        const status = httpStatusOf(err);
        // Servers that only speak the legacy transport answer the streamable POST with a 4xx.
        if (
          this.kind === 'streamable_http' &&
          status !== undefined &&
          status >= 400 &&
          status < 500 &&
          !signal?.aborted
        ) {
          this.client = await this.openWith('sse', signal);
          this.kind = 'sse';
        } else {
          throw err;
        }
      }
    } catch (err) {
      throw this.mapError(
        err,
        'mcp_connect_failed',
        `Cannot connect to MCP server ${this.server.url}`,
        signal,
      );
    }
  }

  private mapError(err: unknown, fallback: McpErrorCode, what: string, signal?: AbortSignal): McpError {
    if (err instanceof McpError) return err;
    const ssrf = findCause(err, isSsrf);
    if (ssrf) return new McpError('ssrf_blocked', `${what}: ${ssrf.message}`, { cause: err });
    if (signal?.aborted) return new McpError('aborted', `${what}: aborted`, { cause: err });
    if (err instanceof SdkMcpError && err.code === ErrorCode.RequestTimeout) {
      return new McpError('mcp_timeout', `${what}: timed out`, { cause: err });
    }
    return new McpError(fallback, `${what}: ${describe(err)}`, { cause: err });
  }

  private requireClient(): Client {
    if (this.closed || !this.client) throw new McpError('mcp_connect_failed', 'MCP connection is closed');
    return this.client;
  }

  /** Runs a request, reconnecting once when the server has forgotten our session (e.g. after a restart). */
  private async withSession<T>(fn: (client: Client) => Promise<T>, signal?: AbortSignal): Promise<T> {
    try {
      return await fn(this.requireClient());
    } catch (err) {
      if (!isSessionLost(err) || this.closed || signal?.aborted) throw err;
      const stale = this.client;
      this.client = undefined;
      await stale?.close().catch(() => undefined);
      await this.open(signal);
      return fn(this.requireClient());
    }
  }

  async listTools(opts: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<McpToolInfo[]> {
    const signal = opts.signal ?? this.opts.signal;
    try {
      return await this.withSession(async (client) => {
        const tools: McpToolInfo[] = [];
        let cursor: string | undefined;
        do {
          const page = await client.listTools(cursor ? { cursor } : undefined, {
            timeout: opts.timeoutMs ?? this.timeoutMs,
            signal,
          });
          for (const t of page.tools) {
            tools.push({
              name: t.name,
              ...(t.description !== undefined ? { description: t.description } : {}),
              inputSchema: t.inputSchema as Record<string, unknown>,
            });
          }
          cursor = page.nextCursor;
        } while (cursor);
        return tools;
      }, signal);
    } catch (err) {
      throw this.mapError(err, 'mcp_connect_failed', `Listing tools of ${this.server.url} failed`, signal);
    }
  }

  async callTool(
    name: string,
    args: Record<string, unknown>,
    opts: { signal?: AbortSignal; timeoutMs?: number } = {},
  ): Promise<McpCallResult> {
    const signal = opts.signal ?? this.opts.signal;
    try {
      const result = await this.withSession(
        (client) =>
          client.callTool({ name, arguments: args }, undefined, {
            timeout: opts.timeoutMs ?? this.timeoutMs,
            signal,
          }),
        signal,
      );
      const content = Array.isArray(result.content) ? (result.content as unknown[]) : [];
      const legacy = (result as { toolResult?: unknown }).toolResult;
      const text =
        content.length === 0 && legacy !== undefined
          ? typeof legacy === 'string'
            ? legacy
            : JSON.stringify(legacy)
          : resultText(content, result.structuredContent);
      return { isError: result.isError === true, text, content };
    } catch (err) {
      throw this.mapError(err, 'mcp_tool_failed', `MCP tool ${name} failed`, signal);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const client = this.client;
    this.client = undefined;
    await client?.close().catch(() => undefined);
    this.fetchImpl.destroy();
  }
}
