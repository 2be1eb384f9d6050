import { randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { RunEvent } from '@agenthub/contracts';
import { newConversation, type LocalAgent } from '../runtime/local-agent.js';
import { isSessionId, type SessionStore } from './session.store.js';

export interface InvokeServerOptions {
  agent: LocalAgent;
  sessions: SessionStore;
  /** When set, `POST /invoke` needs `Authorization: Bearer <token>`. */
  token?: string;
  /** Request body limit (default 1 MiB). */
  maxBodyBytes?: number;
  /** A session counts as active for this long after its last turn (default 30 min). */
  activeWindowMs?: number;
  /** Comment ping interval for idle streams (default 15 s). */
  pingMs?: number;
}

export interface InvokeServer {
  server: Server;
  activeSessions(): number;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Array<{ path: string; message: string }> = [],
  ) {
    super(message);
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

function sendError(res: ServerResponse, err: HttpError): void {
  sendJson(res, err.status, {
    statusCode: err.status,
    code: err.code,
    message: err.message,
    details: err.details,
  });
}

async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new HttpError(413, 'payload_too_large', `The body exceeds ${limit} bytes`);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
  } catch {
    throw new HttpError(400, 'invalid_json', 'The body is not valid JSON');
  }
}

function parseInvoke(body: unknown): { input: string; sessionId?: string } {
  const details: Array<{ path: string; message: string }> = [];
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  if (typeof b.input !== 'string' || b.input.trim() === '')
    details.push({ path: 'input', message: 'input is required (a non-empty string)' });
  else if (b.input.length > 20_000)
    details.push({ path: 'input', message: 'input is at most 20000 characters' });
  if (b.sessionId !== undefined && (typeof b.sessionId !== 'string' || !isSessionId(b.sessionId)))
    details.push({
      path: 'sessionId',
      message: 'sessionId must be a session id returned by an earlier /invoke',
    });
  if (details.length) throw new HttpError(400, 'validation_failed', 'The request is invalid', details);
  return { input: b.input as string, sessionId: b.sessionId as string | undefined };
}

const frame = (type: string, data: unknown, id: number) =>
  `id: ${id}\nevent: ${type}\ndata: ${JSON.stringify(data)}\n\n`;

function tokenMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(header?.replace(/^Bearer\s+/i, '') ?? '');
  const want = Buffer.from(token);
  return given.length === want.length && timingSafeEqual(given, want);
}

/**
 * The runtime entry of a served agent: `POST /invoke` streams a turn as SSE (`session`, then
 * `node`, `thought`, `message`, `tool`, `interrupt`, `error`, and exactly one `done` carrying the
 * session id); `GET /health` reports liveness. One turn at a time per session (409 otherwise).
 */
export function createInvokeServer(options: InvokeServerOptions): InvokeServer {
  const limit = options.maxBodyBytes ?? 1024 * 1024;
  const windowMs = options.activeWindowMs ?? 30 * 60_000;
  const lastSeen = new Map<string, number>();
  const busy = new Set<string>();
  const startedAt = Date.now();
  const open = new Set<ServerResponse>();
  const manifest = options.agent.loaded.manifest;

  const activeSessions = () => {
    const cutoff = Date.now() - windowMs;
    for (const [id, at] of lastSeen) if (at < cutoff) lastSeen.delete(id);
    return lastSeen.size;
  };

  const invoke = async (req: IncomingMessage, res: ServerResponse) => {
    if (options.token && !tokenMatches(req.headers.authorization, options.token))
      throw new HttpError(401, 'unauthorized', 'A valid Authorization: Bearer token is required');
    const { input, sessionId: given } = parseInvoke(await readJson(req, limit));
    const sessionId = given ?? randomUUID();
    const state = given ? options.sessions.get(given) : newConversation();
    if (!state) throw new HttpError(404, 'session_not_found', `Session ${given} does not exist`);
    if (busy.has(sessionId))
      throw new HttpError(409, 'session_busy', 'This session is answering another message');
    busy.add(sessionId);
    lastSeen.set(sessionId, Date.now());

    const abort = new AbortController();
    res.on('close', () => {
      if (!res.writableEnded) abort.abort();
    });
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      'x-session-id': sessionId,
    });
    open.add(res);
    let id = 0;
    const write = (type: string, data: unknown) => res.write(frame(type, data, ++id));
    const ping = setInterval(() => res.write(': ping\n\n'), options.pingMs ?? 15_000);
    try {
      write('session', { sessionId, agent: manifest.slug, resumed: Boolean(state.pending) });
      for await (const event of options.agent.send(state, input, abort.signal) as AsyncIterable<RunEvent>) {
        if (event.type === 'done') {
          options.sessions.save(sessionId, state);
          write('done', { ...event.data, sessionId });
        } else write(event.type, event.data);
      }
    } finally {
      clearInterval(ping);
      busy.delete(sessionId);
      lastSeen.set(sessionId, Date.now());
      open.delete(res);
      res.end();
    }
  };

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const handle = async () => {
      if (path === '/health' && req.method === 'GET')
        return sendJson(res, 200, {
          status: 'ok',
          agent: manifest.slug,
          version: manifest.version ?? null,
          uptimeSec: Math.floor((Date.now() - startedAt) / 1000),
          activeSessions: activeSessions(),
          sessions: options.sessions.kind,
        });
      if (path === '/invoke') {
        if (req.method !== 'POST') throw new HttpError(405, 'method_not_allowed', 'Use POST /invoke');
        return invoke(req, res);
      }
      throw new HttpError(404, 'not_found', `No route ${req.method} ${path}`);
    };
    handle().catch((err: unknown) => {
      if (res.headersSent) {
        // Mid-stream: the run's own `error`/`done` were sent by the engine; just close.
        res.end();
        return;
      }
      sendError(
        res,
        err instanceof HttpError ? err : new HttpError(500, 'internal_error', 'The agent runtime failed'),
      );
      if (!(err instanceof HttpError))
        process.stderr.write(`serve: ${(err as Error).stack ?? String(err)}\n`);
    });
  });

  return {
    server,
    activeSessions,
    close: async () => {
      for (const res of open) res.end();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
