import { CliError, ExitCode } from '../cli/exit-codes.js';

/** A failed call to the AgentHub API, with the error body's code. */
export class PlatformError extends CliError {
  constructor(
    readonly status: number,
    code: string,
    message: string,
  ) {
    super(
      status === 401 || status === 403 ? ExitCode.auth : status === 404 ? ExitCode.notFound : ExitCode.server,
      message,
      code,
    );
  }
}

/** A small typed client of the AgentHub REST API (`/api/...`), authenticated with an API key. */
export class PlatformClient {
  constructor(
    readonly server: string,
    private readonly apiKey: string | null,
    private readonly timeoutMs = 30_000,
  ) {}

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const url = `${this.server}${path}`;
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: {
          accept: 'application/json',
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(this.apiKey ? { authorization: `Bearer ${this.apiKey}` } : {}),
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      throw new CliError(
        ExitCode.server,
        `Cannot reach ${this.server}: ${(err as Error).message}`,
        'server_unreachable',
      );
    }
    const text = await res.text();
    const parsed = text ? safeJson(text) : undefined;
    if (!res.ok) {
      const err = (parsed ?? {}) as {
        code?: string;
        message?: string;
        details?: Array<{ path?: string; message?: string }>;
      };
      const details = (err.details ?? [])
        .slice(0, 10)
        .map((d) => `\n  ${d.path ?? ''}: ${d.message ?? ''}`)
        .join('');
      throw new PlatformError(
        res.status,
        err.code ?? `http_${res.status}`,
        `${method} ${path} → ${res.status} ${err.code ?? ''}: ${err.message ?? text.slice(0, 200)}${details}`,
      );
    }
    return parsed as T;
  }

  get<T>(path: string) {
    return this.request<T>('GET', path);
  }
  post<T>(path: string, body: unknown) {
    return this.request<T>('POST', path, body);
  }
  put<T>(path: string, body: unknown) {
    return this.request<T>('PUT', path, body);
  }
  patch<T>(path: string, body: unknown) {
    return this.request<T>('PATCH', path, body);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
