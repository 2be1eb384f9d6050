/** An error with a stable code; the engine turns it into `error`/`node failed` events. */
export class EngineError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

/** Reads a `code` from any error that carries one (engine, sandbox, HTTP, SSRF errors). */
export function errorCodeOf(err: unknown, fallback: string): string {
  if (err && typeof err === 'object' && 'code' in err) {
    const code = (err as { code: unknown }).code;
    if (typeof code === 'string' && /^[a-z][a-z0-9_]*$/.test(code)) return code;
  }
  return fallback;
}

export function errorMessageOf(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
