import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface MockChatMessage {
  role: string;
  content: unknown;
  tool_calls?: unknown;
  tool_call_id?: string;
}

export interface MockChatRequest {
  model: string;
  messages: MockChatMessage[];
  tools?: unknown[];
  stream: boolean;
  streamOptions?: unknown;
  raw: unknown;
}

export interface MockReply {
  content?: string;
  toolCalls?: Array<{ name: string; arguments: Record<string, unknown> }>;
  usage?: { prompt_tokens: number; completion_tokens: number };
  error?: { status: number; message: string };
  tokenDelayMs?: number;
}

export type MockResponder = (req: MockChatRequest, callIndex: number) => MockReply | Promise<MockReply>;

export interface MockOpenAIOptions {
  port?: number;
  responder?: MockResponder;
  tokenDelayMs?: number;
  rejectStreamOptions?: boolean;
  /** When set, requests without `Authorization: Bearer <apiKey>` get a 401. */
  apiKey?: string;
  /** Model ids listed by GET /v1/models. Default: ['mock-model']. */
  models?: string[];
}

export interface MockOpenAIServer {
  /** http://127.0.0.1:PORT/v1 — pass it as `baseURL` to the openai client or ChatOpenAI. */
  baseURL: string;
  port: number;
  /** Every chat completion request received, in arrival order (also rejected ones that reached the responder). */
  requests: MockChatRequest[];
  readonly callCount: number;
  /** `POST /v1/embeddings` requests served (deterministic vectors, see {@link mockEmbedding}). */
  readonly embeddingCalls: number;
  setResponder(fn: MockResponder): void;
  /** Clears `requests` and `callCount` and restores the responder given at start (or the default one). */
  reset(): void;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** Text of a message content that may be a string or an array of content parts. */
export function messageText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part) => {
        if (typeof part === 'string') return part;
        if (part && typeof part === 'object' && typeof (part as { text?: unknown }).text === 'string') {
          return (part as { text: string }).text;
        }
        return '';
      })
      .join('');
  }
  return '';
}

/** Text of the last `user` message of a request ('' when there is none). */
export function lastUserText(req: Pick<MockChatRequest, 'messages'>): string {
  for (let i = req.messages.length - 1; i >= 0; i--) {
    if (req.messages[i].role === 'user') return messageText(req.messages[i].content);
  }
  return '';
}

/** Rough token count: whitespace-separated words (good enough to assert usage is wired through). */
export function roughTokenCount(text: string): number {
  const words = text.trim().split(/\s+/);
  return words[0] === '' ? 0 : words.length;
}

/** Splits text into word tokens whose concatenation is the original text (" word" style, like real BPE). */
export function splitTokens(text: string): string[] {
  if (text === '') return [];
  return text.split(/(?=\s)/);
}

export const defaultMockResponder: MockResponder = (req) => ({
  content: `Mock answer to: ${lastUserText(req)}`,
});

function promptTokens(req: MockChatRequest): number {
  let n = 0;
  for (const m of req.messages) {
    n += roughTokenCount(messageText(m.content));
    if (m.tool_calls) n += roughTokenCount(JSON.stringify(m.tool_calls));
  }
  return n;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(payload),
  });
  res.end(payload);
}

function sendError(
  res: ServerResponse,
  status: number,
  message: string,
  type: string,
  param: string | null = null,
): void {
  sendJson(res, status, { error: { message, type, param, code: null } });
}

function errorTypeFor(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 429) return 'rate_limit_error';
  if (status >= 500) return 'server_error';
  return 'invalid_request_error';
}

function readBody(req: IncomingMessage): Promise<string> {
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
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

let idCounter = 0;
function nextId(prefix: string): string {
  idCounter = (idCounter + 1) % Number.MAX_SAFE_INTEGER;
  return `${prefix}-${Date.now().toString(36)}${idCounter.toString(36)}`;
}

interface ToolCallOut {
  id: string;
  name: string;
  args: string;
}

/**
 * Starts an OpenAI-compatible chat completions server on 127.0.0.1 speaking the exact wire format
 * of the OpenAI API (JSON and SSE streaming, tool calls, usage), so tests exercise the real HTTP
 * client code of the openai SDK / ChatOpenAI without any network.
 */
/** Dimensions of the mock's deterministic embeddings (`POST /v1/embeddings`). */
export const MOCK_EMBEDDING_DIMENSIONS = 64;

/** Bag of lower-cased words hashed into {@link MOCK_EMBEDDING_DIMENSIONS} buckets (not normalised). */
export function mockEmbedding(text: string): number[] {
  const v = new Array<number>(MOCK_EMBEDDING_DIMENSIONS).fill(0);
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    let h = 2166136261;
    for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 16777619);
    v[(h >>> 0) % MOCK_EMBEDDING_DIMENSIONS] += 1;
  }
  return v;
}

export async function startMockOpenAI(opts: MockOpenAIOptions = {}): Promise<MockOpenAIServer> {
  const initialResponder = opts.responder ?? defaultMockResponder;
  let responder = initialResponder;
  let callCount = 0;
  const requests: MockChatRequest[] = [];
  let embeddingCalls = 0;
  const models = opts.models ?? ['mock-model'];
  const sockets = new Set<Socket>();

  async function handleChat(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let raw: Record<string, unknown>;
    try {
      const text = await readBody(req);
      const parsed: unknown = JSON.parse(text);
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
      raw = parsed as Record<string, unknown>;
    } catch {
      sendError(res, 400, 'We could not parse the JSON body of your request.', 'invalid_request_error');
      return;
    }
    if (!Array.isArray(raw.messages)) {
      sendError(res, 400, "Missing required parameter: 'messages'.", 'invalid_request_error', 'messages');
      return;
    }
    if (opts.rejectStreamOptions && raw.stream_options !== undefined) {
      sendError(
        res,
        400,
        'Unrecognized request argument supplied: stream_options',
        'invalid_request_error',
        'stream_options',
      );
      return;
    }
    const chatReq: MockChatRequest = {
      model: typeof raw.model === 'string' ? raw.model : '',
      messages: raw.messages as MockChatMessage[],
      tools: Array.isArray(raw.tools) ? (raw.tools as unknown[]) : undefined,
      stream: raw.stream === true,
      streamOptions: raw.stream_options,
      raw,
    };
    requests.push(chatReq);
    const index = callCount++;

    let reply: MockReply;
    try {
      reply = await responder(chatReq, index);
    } catch (err) {
      sendError(
        res,
        500,
        `mock responder threw: ${err instanceof Error ? err.message : String(err)}`,
        'server_error',
      );
      return;
    }
    if (reply.error) {
      sendError(res, reply.error.status, reply.error.message, errorTypeFor(reply.error.status));
      return;
    }

    const content = reply.content ?? '';
    const toolCalls: ToolCallOut[] = (reply.toolCalls ?? []).map((tc) => ({
      id: nextId('call'),
      name: tc.name,
      args: JSON.stringify(tc.arguments ?? {}),
    }));
    const tokens = splitTokens(content);
    const usage = reply.usage ?? {
      prompt_tokens: promptTokens(chatReq),
      completion_tokens:
        tokens.length +
        toolCalls.reduce((n, tc) => n + 1 + roughTokenCount(tc.args.replace(/[{}":,]/g, ' ')), 0),
    };
    const usageOut = { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens };
    const finishReason = toolCalls.length > 0 ? 'tool_calls' : 'stop';
    const id = nextId('chatcmpl');
    const created = Math.floor(Date.now() / 1000);
    const model = chatReq.model || models[0];

    if (!chatReq.stream) {
      sendJson(res, 200, {
        id,
        object: 'chat.completion',
        created,
        model,
        system_fingerprint: 'fp_mock',
        choices: [
          {
            index: 0,
            message: {
              role: 'assistant',
              content: toolCalls.length > 0 && content === '' ? null : content,
              refusal: null,
              ...(toolCalls.length > 0
                ? {
                    tool_calls: toolCalls.map((tc) => ({
                      id: tc.id,
                      type: 'function',
                      function: { name: tc.name, arguments: tc.args },
                    })),
                  }
                : {}),
            },
            logprobs: null,
            finish_reason: finishReason,
          },
        ],
        usage: usageOut,
      });
      return;
    }

    const includeUsage =
      !!chatReq.streamOptions &&
      typeof chatReq.streamOptions === 'object' &&
      (chatReq.streamOptions as { include_usage?: unknown }).include_usage === true;
    const head = `{"id":"${id}","object":"chat.completion.chunk","created":${created},"model":${JSON.stringify(model)},"system_fingerprint":"fp_mock",`;
    const tail = includeUsage ? ',"usage":null}' : '}';
    const frame = (choice: unknown): string =>
      `data: ${head}"choices":[${JSON.stringify(choice)}]${tail}\n\n`;

    const frames: string[] = [];
    frames.push(
      frame({
        index: 0,
        delta: { role: 'assistant', content: '', refusal: null },
        logprobs: null,
        finish_reason: null,
      }),
    );
    for (const t of tokens) {
      frames.push(frame({ index: 0, delta: { content: t }, logprobs: null, finish_reason: null }));
    }
    toolCalls.forEach((tc, i) => {
      frames.push(
        frame({
          index: 0,
          delta: {
            tool_calls: [
              { index: i, id: tc.id, type: 'function', function: { name: tc.name, arguments: '' } },
            ],
          },
          logprobs: null,
          finish_reason: null,
        }),
      );
      // Arguments arrive in pieces on the real API; split in two so clients must concatenate.
      const mid = Math.ceil(tc.args.length / 2);
      for (const piece of [tc.args.slice(0, mid), tc.args.slice(mid)]) {
        if (piece === '') continue;
        frames.push(
          frame({
            index: 0,
            delta: { tool_calls: [{ index: i, function: { arguments: piece } }] },
            logprobs: null,
            finish_reason: null,
          }),
        );
      }
    });
    frames.push(frame({ index: 0, delta: {}, logprobs: null, finish_reason: finishReason }));
    if (includeUsage) {
      frames.push(`data: ${head}"choices":[],"usage":${JSON.stringify(usageOut)}}\n\n`);
    }
    frames.push('data: [DONE]\n\n');

    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    const delay = reply.tokenDelayMs ?? opts.tokenDelayMs ?? 0;
    if (delay <= 0) {
      // One write keeps the mock cheap enough for throughput benchmarks.
      res.end(frames.join(''));
      return;
    }
    let aborted = false;
    res.on('close', () => {
      aborted = !res.writableFinished;
    });
    for (const f of frames) {
      if (aborted || res.destroyed) return;
      res.write(f);
      await sleep(delay);
    }
    if (!aborted && !res.destroyed) res.end();
  }

  function authorised(req: IncomingMessage): boolean {
    if (!opts.apiKey) return true;
    return req.headers.authorization === `Bearer ${opts.apiKey}`;
  }

  const server: Server = createServer((req, res) => {
    // A client that goes away mid-response must not crash the test process.
    req.on('error', () => undefined);
    res.on('error', () => undefined);
    const url = (req.url ?? '/').split('?')[0].replace(/\/+$/, '');
    if (!authorised(req)) {
      sendError(res, 401, 'Incorrect API key provided.', 'invalid_request_error');
      return;
    }
    if (req.method === 'GET' && url === '/v1/models') {
      sendJson(res, 200, {
        object: 'list',
        data: models.map((m) => ({
          id: m,
          object: 'model',
          created: 1700000000,
          owned_by: 'agenthub-testkit',
        })),
      });
      return;
    }
    if (req.method === 'POST' && url === '/v1/embeddings') {
      embeddingCalls++;
      readBody(req)
        .then((text) => {
          const body = JSON.parse(text) as { input?: unknown; model?: unknown };
          const input = typeof body.input === 'string' ? [body.input] : body.input;
          if (!Array.isArray(input) || !input.every((i) => typeof i === 'string')) {
            sendError(
              res,
              400,
              "'input' must be a string or an array of strings.",
              'invalid_request_error',
              'input',
            );
            return;
          }
          sendJson(res, 200, {
            object: 'list',
            model: body.model,
            data: input.map((t, index) => ({ object: 'embedding', index, embedding: mockEmbedding(t) })),
            usage: { prompt_tokens: input.length, total_tokens: input.length },
          });
        })
        .catch(() =>
          sendError(res, 400, 'We could not parse the JSON body of your request.', 'invalid_request_error'),
        );
      return;
    }
    if (req.method === 'POST' && url === '/v1/chat/completions') {
      handleChat(req, res).catch(() => {
        if (!res.headersSent) sendError(res, 500, 'mock server error', 'server_error');
        else res.destroy();
      });
      return;
    }
    sendError(res, 404, `Unknown request URL: ${req.method} ${url}`, 'invalid_request_error');
  });
  server.keepAliveTimeout = 30_000;
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('clientError', (_err, socket) => {
    socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    port,
    requests,
    get callCount() {
      return callCount;
    },
    get embeddingCalls() {
      return embeddingCalls;
    },
    setResponder(fn: MockResponder) {
      responder = fn;
    },
    reset() {
      requests.length = 0;
      callCount = 0;
      embeddingCalls = 0;
      responder = initialResponder;
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
    },
  };
}
