/** Largest JSON (in UTF-8 bytes) stored per step input or output; the trace is for reading, not replay. */
export const STEP_IO_MAX_BYTES = 16 * 1024;

export interface TruncatedJson {
  truncated: true;
  /** Size of the full JSON in bytes. */
  bytes: number;
  /** The start of the JSON text. */
  preview: string;
}

/**
 * Makes a value safe for a jsonb column and caps its size: values that do not serialise
 * (cycles, BigInt) become their string form, NUL characters (rejected by jsonb) are dropped, and
 * anything over `maxBytes` is replaced by a preview so one chatty node cannot bloat the trace.
 */
export function capJson(value: unknown, maxBytes = STEP_IO_MAX_BYTES): unknown {
  if (value === undefined) return null;
  let text: string;
  try {
    text = JSON.stringify(value) ?? 'null';
  } catch {
    text = JSON.stringify(String(value));
  }
  // jsonb cannot hold \u0000; the escape only appears in the text for an actual NUL character.
  text = text.replace(/(?<!\\)((?:\\\\)*)\\u0000/g, '$1');
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes <= maxBytes) return JSON.parse(text) as unknown;
  return {
    truncated: true,
    bytes,
    preview: truncateUtf8(text, Math.max(0, maxBytes - 200)),
  } satisfies TruncatedJson;
}

/** The longest prefix of `text` that fits in `maxBytes` without splitting a character. */
export function truncateUtf8(text: string, maxBytes: number): string {
  const buf = Buffer.from(text, 'utf8');
  if (buf.length <= maxBytes) return text;
  let end = maxBytes;
  // Step back over UTF-8 continuation bytes (10xxxxxx) to a character boundary.
  while (end > 0 && (buf[end] & 0xc0) === 0x80) end--;
  return buf.subarray(0, end).toString('utf8');
}
