import {
  Agent as HttpAgent,
  request as httpRequest,
  type IncomingMessage,
  type ClientRequest,
  type IncomingHttpHeaders,
} from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';
import {
  assertUrlShapeAllowed,
  createGuardedLookup,
  SsrfBlockedError,
  type SsrfOptions,
} from './ssrf.util.js';

export interface GuardedFetchOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  /** Time to establish the TCP connection, per hop. Default 10 000 ms. */
  connectTimeoutMs?: number;
  /** Time for the whole exchange including redirects and the body. Default 60 000 ms. */
  timeoutMs?: number;
  /** Largest response body accepted. Default 1 MiB. */
  maxBytes?: number;
  ssrf?: SsrfOptions;
  /** Redirects followed, each target re-checked by the guard. Default 5; 0 returns the 3xx response as is. */
  maxRedirects?: number;
}

export interface GuardedResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The URL that produced this response (after redirects). */
  url: string;
}

export type HttpRequestErrorCode =
  'ssrf_blocked' | 'http_timeout' | 'response_too_large' | 'http_failed' | 'aborted';

export class HttpRequestError extends Error {
  constructor(
    readonly code: HttpRequestErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'HttpRequestError';
  }
}

export const GUARDED_FETCH_DEFAULTS = {
  connectTimeoutMs: 10_000,
  timeoutMs: 60_000,
  maxBytes: 1024 * 1024,
  maxRedirects: 5,
} as const;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

function flattenHeaders(h: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) {
    if (v === undefined) continue;
    out[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

function toHttpError(err: unknown): HttpRequestError {
  if (err instanceof HttpRequestError) return err;
  if (err instanceof SsrfBlockedError)
    return new HttpRequestError('ssrf_blocked', err.message, { cause: err });
  const e = err as NodeJS.ErrnoException;
  return new HttpRequestError(
    'http_failed',
    `HTTP request failed: ${e?.code ? `${e.code} ` : ''}${e?.message ?? String(err)}`,
    { cause: err },
  );
}

interface HopResult {
  res: IncomingMessage;
  req: ClientRequest;
}

/**
 * Sends one request through a guarded lookup and resolves when response headers arrive.
 * `agent: false` for the buffered helper: a pooled socket opened by someone else could have been
 * connected to an address this guard never saw.
 */
function sendHop(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: string | undefined,
  ssrf: SsrfOptions,
  connectTimeoutMs: number,
  signal: AbortSignal,
  agent?: HttpAgent | false,
): Promise<HopResult> {
  return new Promise((resolve, reject) => {
    const requestFn = url.protocol === 'https:' ? httpsRequest : httpRequest;
    let connectTimer: NodeJS.Timeout | undefined;
    const req = requestFn(url, {
      method,
      headers,
      lookup: createGuardedLookup(ssrf),
      agent: agent ?? false,
      signal,
    });
    const clear = (): void => {
      if (connectTimer) clearTimeout(connectTimer);
      connectTimer = undefined;
    };
    req.on('socket', (socket) => {
      if (!socket.connecting) return;
      connectTimer = setTimeout(() => {
        req.destroy(
          new HttpRequestError(
            'http_timeout',
            `Connecting to ${url.host} took longer than ${connectTimeoutMs} ms`,
          ),
        );
      }, connectTimeoutMs);
      socket.once('connect', clear);
    });
    req.on('response', (res) => {
      clear();
      resolve({ res, req });
    });
    req.on('error', (err) => {
      clear();
      reject(err);
    });
    if (body !== undefined) req.end(body);
    else req.end();
  });
}

function readCapped(res: IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(res.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      res.destroy();
      reject(
        new HttpRequestError(
          'response_too_large',
          `Response of ${declared} bytes exceeds the ${maxBytes}-byte limit`,
        ),
      );
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBytes) {
        reject(new HttpRequestError('response_too_large', `Response exceeds the ${maxBytes}-byte limit`));
        res.destroy();
        return;
      }
      chunks.push(c);
    });
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', reject);
    res.on('aborted', () =>
      reject(new HttpRequestError('http_failed', 'Connection closed before the response ended')),
    );
  });
}

/**
 * An SSRF-guarded HTTP request for user-configured URLs (the http_request node). Every hop,
 * redirects included, is checked; the checked address is the connected one; timeouts and a body
 * cap bound what a hostile server can make us wait for or buffer.
 */
export async function guardedFetch(url: string, opts: GuardedFetchOptions = {}): Promise<GuardedResponse> {
  const connectTimeoutMs = opts.connectTimeoutMs ?? GUARDED_FETCH_DEFAULTS.connectTimeoutMs;
  const timeoutMs = opts.timeoutMs ?? GUARDED_FETCH_DEFAULTS.timeoutMs;
  const maxBytes = opts.maxBytes ?? GUARDED_FETCH_DEFAULTS.maxBytes;
  const maxRedirects = opts.maxRedirects ?? GUARDED_FETCH_DEFAULTS.maxRedirects;
  const ssrf = opts.ssrf ?? {};

  if (opts.signal?.aborted) throw new HttpRequestError('aborted', 'Request aborted');
  const controller = new AbortController();
  let timedOut = false;
  const totalTimer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onAbort = (): void => controller.abort();
  opts.signal?.addEventListener('abort', onAbort, { once: true });

  let method = (opts.method ?? 'GET').toUpperCase();
  let body = opts.body;
  let headers: Record<string, string> = { 'accept-encoding': 'identity', ...(opts.headers ?? {}) };
  try {
    let current = assertUrlShapeAllowed(url, ssrf);
    for (let hop = 0; ; hop++) {
      const { res } = await sendHop(
        current,
        method,
        headers,
        body,
        ssrf,
        connectTimeoutMs,
        controller.signal,
      );
      const location = res.headers.location;
      if (REDIRECT_STATUSES.has(res.statusCode ?? 0) && location && maxRedirects > 0) {
        res.resume();
        if (hop >= maxRedirects)
          throw new HttpRequestError('http_failed', `Too many redirects (more than ${maxRedirects})`);
        const next = assertUrlShapeAllowed(new URL(location, current), ssrf);
        if (
          res.statusCode === 303 ||
          ((res.statusCode === 301 || res.statusCode === 302) && method === 'POST')
        ) {
          method = 'GET';
          body = undefined;
          headers = Object.fromEntries(
            Object.entries(headers).filter(([k]) => !/^content-(type|length)$/i.test(k)),
          );
        }
        if (next.origin !== current.origin) {
          // Credentials meant for one origin must not leak to another.
          headers = Object.fromEntries(
            Object.entries(headers).filter(([k]) => !/^(authorization|cookie|proxy-authorization)$/i.test(k)),
          );
        }
        current = next;
        continue;
      }
      const text = await readCapped(res, maxBytes);
      return {
        status: res.statusCode ?? 0,
        headers: flattenHeaders(res.headers),
        body: text,
        url: current.toString(),
      };
    }
  } catch (err) {
    if (timedOut)
      throw new HttpRequestError('http_timeout', `HTTP request took longer than ${timeoutMs} ms`, {
        cause: err,
      });
    if (opts.signal?.aborted) throw new HttpRequestError('aborted', 'Request aborted', { cause: err });
    throw toHttpError(err);
  } finally {
    clearTimeout(totalTimer);
    opts.signal?.removeEventListener('abort', onAbort);
  }
}

export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** A guarded fetch that owns keep-alive sockets: `destroy()` closes them. */
export type GuardedFetchLike = FetchLike & { destroy(): void };

export interface GuardedFetchLikeOptions {
  ssrf?: SsrfOptions;
  connectTimeoutMs?: number;
}

/**
 * A WHATWG-`fetch`-compatible function whose connections go through the SSRF-guarded lookup, with
 * streamed response bodies (SSE works). For libraries that accept a custom `fetch` (the MCP SDK
 * transports, the openai client). Sockets come from private keep-alive agents that only ever
 * connect through the guard, so reusing them is safe. Redirects are followed manually and each
 * hop re-checked.
 */
export function createGuardedFetch(opts: GuardedFetchLikeOptions = {}): GuardedFetchLike {
  const ssrf = opts.ssrf ?? {};
  const lookup = createGuardedLookup(ssrf);
  const httpAgent = new HttpAgent({ keepAlive: true, lookup } as ConstructorParameters<typeof HttpAgent>[0]);
  const httpsAgent = new HttpsAgent({ keepAlive: true, lookup } as ConstructorParameters<
    typeof HttpsAgent
  >[0]);
  const connectTimeoutMs = opts.connectTimeoutMs ?? GUARDED_FETCH_DEFAULTS.connectTimeoutMs;

  const guardedFetchLike: FetchLike = async (input, init = {}) => {
    const request = new Request(input, init);
    let current = assertUrlShapeAllowed(request.url, ssrf);
    let method = request.method;
    const headers: Record<string, string> = {};
    request.headers.forEach((v, k) => {
      headers[k] = v;
    });
    let body: string | undefined = request.body ? await request.text() : undefined;
    const signal = init.signal ?? new AbortController().signal;
    for (let hop = 0; hop <= GUARDED_FETCH_DEFAULTS.maxRedirects; hop++) {
      let res: IncomingMessage;
      try {
        ({ res } = await sendHop(
          current,
          method,
          headers,
          body,
          ssrf,
          connectTimeoutMs,
          signal,
          current.protocol === 'https:' ? httpsAgent : httpAgent,
        ));
      } catch (err) {
        if (signal.aborted) throw signal.reason ?? err;
        throw err instanceof SsrfBlockedError ? err : new TypeError('fetch failed', { cause: err });
      }
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      if (REDIRECT_STATUSES.has(status) && location && init.redirect !== 'manual') {
        res.resume();
        const next = assertUrlShapeAllowed(new URL(location, current), ssrf);
        if (status === 303 || ((status === 301 || status === 302) && method === 'POST')) {
          method = 'GET';
          body = undefined;
          delete headers['content-type'];
          delete headers['content-length'];
        }
        if (next.origin !== current.origin) {
          delete headers.authorization;
          delete headers.cookie;
        }
        current = next;
        continue;
      }
      const responseHeaders = new Headers();
      for (const [k, v] of Object.entries(res.headers)) {
        if (v === undefined) continue;
        for (const item of Array.isArray(v) ? v : [v]) responseHeaders.append(k, item);
      }
      const nullBody = method === 'HEAD' || status === 204 || status === 205 || status === 304;
      if (nullBody) res.resume();
      const webBody = nullBody ? null : (Readable.toWeb(res) as unknown as ReadableStream<Uint8Array>);
      const response = new Response(webBody, {
        status,
        statusText: res.statusMessage,
        headers: responseHeaders,
      });
      Object.defineProperty(response, 'url', { value: current.toString() });
      return response;
    }
    throw new TypeError('fetch failed', { cause: new Error('too many redirects') });
  };
  return Object.assign(guardedFetchLike, {
    destroy(): void {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  });
}
