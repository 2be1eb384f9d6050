export interface SseMessage {
  /** The `id:` field of this event, if the event carried one. */
  id?: string;
  /** The `event:` field, if any (the browser would call it "message"). */
  event?: string;
  /** All `data:` lines of the event joined with "\n". */
  data: string;
  /** The `retry:` field, if any. */
  retry?: number;
}

/** What `readSse` can read: a fetch `Response`, a web stream, or any async iterable of bytes/strings (e.g. a Node `IncomingMessage`). */
export type SseSource =
  | { body: ReadableStream<Uint8Array> | null }
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array | string>;

function isWebStream(x: unknown): x is ReadableStream<Uint8Array> {
  return !!x && typeof (x as ReadableStream).getReader === 'function';
}

async function* chunksOf(source: SseSource): AsyncGenerator<Uint8Array | string> {
  let stream: unknown = source;
  if (!isWebStream(source) && !(Symbol.asyncIterator in (source as object)) && 'body' in (source as object)) {
    stream = (source as { body: ReadableStream<Uint8Array> | null }).body;
    if (!stream) return;
  }
  if (isWebStream(stream)) {
    const reader = stream.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        yield value;
      }
    } finally {
      // Leaving the loop early (break in the consumer) must release the connection.
      await reader.cancel().catch(() => undefined);
    }
  }
  yield* stream as AsyncIterable<Uint8Array | string>;
}

/**
 * Parses a Server-Sent Events stream following the WHATWG framing rules: lines end with CRLF, LF or
 * CR; `:` lines are comments (heartbeats) and are skipped; several `data:` lines form one value;
 * an event is dispatched on a blank line and only when it has data.
 */
export async function* readSse(source: SseSource): AsyncGenerator<SseMessage> {
  const decoder = new TextDecoder();
  let buffer = '';
  let data: string[] = [];
  let hasData = false;
  let event: string | undefined;
  let id: string | undefined;
  let retry: number | undefined;
  let first = true;

  const dispatch = (): SseMessage | undefined => {
    const msg: SseMessage | undefined = hasData ? { data: data.join('\n') } : undefined;
    if (msg) {
      if (event !== undefined) msg.event = event;
      if (id !== undefined) msg.id = id;
      if (retry !== undefined) msg.retry = retry;
    }
    data = [];
    hasData = false;
    event = undefined;
    id = undefined;
    retry = undefined;
    return msg;
  };

  const processLine = (line: string): SseMessage | undefined => {
    if (line === '') return dispatch();
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'data':
        data.push(value);
        hasData = true;
        break;
      case 'event':
        event = value;
        break;
      case 'id':
        if (!value.includes('\0')) id = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) retry = Number(value);
        break;
      default:
        break;
    }
    return undefined;
  };

  for await (const chunk of chunksOf(source)) {
    buffer += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (first && buffer.length > 0) {
      if (buffer.charCodeAt(0) === 0xfeff) buffer = buffer.slice(1);
      first = false;
    }
    let start = 0;
    for (let i = 0; i < buffer.length; i++) {
      const c = buffer.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      // A CR at the very end may be the first half of a CRLF split across chunks: wait for more.
      if (c === 13 && i === buffer.length - 1) break;
      const line = buffer.slice(start, i);
      if (c === 13 && buffer.charCodeAt(i + 1) === 10) i++;
      start = i + 1;
      const msg = processLine(line);
      if (msg) yield msg;
    }
    buffer = buffer.slice(start);
  }
  buffer += decoder.decode();
  // A trailing CR was a complete line ending after all; an unterminated last event is dropped, as browsers do.
  if (buffer.endsWith('\r')) {
    const msg = processLine(buffer.slice(0, -1));
    if (msg) yield msg;
  }
}

/** Reads a whole SSE stream into an array (for streams that end). */
export async function collectSse(source: SseSource): Promise<SseMessage[]> {
  const out: SseMessage[] = [];
  for await (const m of readSse(source)) out.push(m);
  return out;
}
