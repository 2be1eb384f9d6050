import type { AuthResponse } from '@agenthub/contracts';
import { ApiError, ClientErrorCodes, apiErrorFromResponse } from './api-error';

/**
 * What the client needs to know about the signed-in session. The auth store implements it; the
 * client never imports the store, so the store can use the client without a cycle.
 */
export interface SessionPort {
  accessToken(): string | null;
  refreshToken(): string | null;
  /** Called with the rotated tokens after a successful refresh. */
  update(auth: AuthResponse): void;
  /** Called when the session cannot be renewed: the user has to sign in again. */
  expire(): void;
}

export type QueryValue = string | number | boolean | undefined | null;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  query?: Record<string, QueryValue>;
  /** false for endpoints where a 401 means "wrong credentials", not "token expired". */
  auth?: boolean;
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

export interface HttpClientOptions {
  baseUrl?: string;
  fetch?: typeof fetch;
}

export class HttpClient {
  private readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;
  private session: SessionPort | null = null;
  /** The one refresh in flight; concurrent 401s all wait on it instead of each rotating the token. */
  private refreshing: Promise<boolean> | null = null;

  constructor(options: HttpClientOptions = {}) {
    this.baseUrl = options.baseUrl ?? '/api';
    // Resolved lazily so tests can stub the global fetch after the client is created.
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  bindSession(session: SessionPort | null): void {
    this.session = session;
  }

  url(path: string, query?: Record<string, QueryValue>): string {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
    }
    const qs = params.toString();
    return `${this.baseUrl}${path}${qs ? `?${qs}` : ''}`;
  }

  async request<T>(path: string, options: RequestOptions = {}): Promise<T> {
    const res = await this.okResponse(path, options);
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    if (!text) return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ApiError({
        status: res.status,
        code: ClientErrorCodes.badResponse,
        message: 'The server sent a response that is not JSON',
      });
    }
  }

  /** A binary GET (e.g. a file download), authenticated like every request. */
  async blob(path: string): Promise<Blob> {
    return (await this.okResponse(path, { method: 'GET' })).blob();
  }

  /** Sends with the session's token, renews it once on a 401, and throws the ApiError of a failure. */
  private async okResponse(path: string, options: RequestOptions): Promise<Response> {
    const useAuth = options.auth !== false;
    const token = useAuth ? (this.session?.accessToken() ?? null) : null;
    let res = await this.send(path, options, token);

    if (res.status === 401 && useAuth && token && this.session) {
      const renewed = await this.refreshOnce(token);
      if (renewed) {
        res = await this.send(path, options, this.session.accessToken());
      }
    }

    if (!res.ok) throw await apiErrorFromResponse(res);
    return res;
  }

  get<T>(
    path: string,
    query?: Record<string, QueryValue>,
    options: Omit<RequestOptions, 'query' | 'method'> = {},
  ) {
    return this.request<T>(path, { ...options, query, method: 'GET' });
  }
  post<T>(path: string, body?: unknown, options: Omit<RequestOptions, 'body' | 'method'> = {}) {
    return this.request<T>(path, { ...options, body, method: 'POST' });
  }
  patch<T>(path: string, body?: unknown, options: Omit<RequestOptions, 'body' | 'method'> = {}) {
    return this.request<T>(path, { ...options, body, method: 'PATCH' });
  }
  put<T>(path: string, body?: unknown, options: Omit<RequestOptions, 'body' | 'method'> = {}) {
    return this.request<T>(path, { ...options, body, method: 'PUT' });
  }
  delete<T = void>(path: string, options: Omit<RequestOptions, 'method'> = {}) {
    return this.request<T>(path, { ...options, method: 'DELETE' });
  }

  /**
   * A multipart upload through XMLHttpRequest (fetch cannot report upload progress): same auth,
   * same single token refresh on a 401, same error shape. `onProgress` gets bytes sent / total.
   */
  async upload<T>(
    path: string,
    form: FormData,
    onProgress?: (loaded: number, total: number) => void,
  ): Promise<T> {
    const token = this.session?.accessToken() ?? null;
    let res = await this.sendXhr(path, form, token, onProgress);
    if (res.status === 401 && token && this.session && (await this.refreshOnce(token))) {
      res = await this.sendXhr(path, form, this.session.accessToken(), onProgress);
    }
    if (!res.ok) throw await apiErrorFromResponse(res);
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  private sendXhr(
    path: string,
    form: FormData,
    token: string | null,
    onProgress?: (loaded: number, total: number) => void,
  ): Promise<Response> {
    return new Promise((resolve, reject) => {
      const xhr = new globalThis.XMLHttpRequest();
      xhr.open('POST', this.url(path));
      xhr.setRequestHeader('Accept', 'application/json');
      if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable) onProgress?.(e.loaded, e.total);
      };
      xhr.onload = () => {
        const requestId = xhr.getResponseHeader('x-request-id');
        const body = xhr.status === 204 ? null : xhr.responseText;
        resolve(
          new Response(body, { status: xhr.status, headers: requestId ? { 'x-request-id': requestId } : {} }),
        );
      };
      xhr.onerror = () =>
        reject(
          new ApiError({
            status: 0,
            code: ClientErrorCodes.network,
            message: 'Cannot reach the server. Check your connection and try again.',
          }),
        );
      xhr.send(form);
    });
  }

  private async send(path: string, options: RequestOptions, token: string | null): Promise<Response> {
    const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
    // FormData (file uploads) sets its own multipart content type with the boundary.
    const form = typeof FormData !== 'undefined' && options.body instanceof FormData;
    if (options.body !== undefined && !form) headers['Content-Type'] = 'application/json';
    if (token) headers.Authorization = `Bearer ${token}`;
    try {
      return await this.fetchImpl(this.url(path, options.query), {
        method: options.method ?? 'GET',
        headers,
        body:
          options.body === undefined
            ? undefined
            : form
              ? (options.body as FormData)
              : JSON.stringify(options.body),
        signal: options.signal,
      });
    } catch (err) {
      if (err instanceof DOMException && err.name === 'AbortError') throw err;
      throw new ApiError({
        status: 0,
        code: ClientErrorCodes.network,
        message: 'Cannot reach the server. Check your connection and try again.',
      });
    }
  }

  /** The bearer token to send now (for callers that open connections themselves, e.g. SSE). */
  accessToken(): string | null {
    return this.session?.accessToken() ?? null;
  }

  /**
   * For callers that open connections themselves (the chat event stream with
   * @microsoft/fetch-event-source): after a 401 with `rejectedToken`, renew the session through the
   * same single shared refresh; true means retry with `accessToken()`.
   */
  renewSession(rejectedToken: string): Promise<boolean> {
    return this.refreshOnce(rejectedToken);
  }

  /** `failedToken` is the access token the server just rejected. */
  private refreshOnce(failedToken: string): Promise<boolean> {
    // Another request (or another tab) may already have rotated the token while this one was in flight.
    if (this.tokenChangedSince(failedToken)) return Promise.resolve(true);
    this.refreshing ??= this.refreshAcrossTabs(failedToken).finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private tokenChangedSince(failedToken: string): boolean {
    const current = this.session?.accessToken();
    return !!current && current !== failedToken;
  }

  /**
   * Tabs share the tokens in localStorage. Two tabs refreshing with the same refresh token would
   * look like token theft to the API (re-use of a rotated token revokes the family) and log the
   * user out everywhere, so refreshes are serialised with a Web Lock where the browser has them.
   */
  private async refreshAcrossTabs(failedToken: string): Promise<boolean> {
    const locks = globalThis.navigator?.locks;
    const run = async (): Promise<boolean> =>
      this.tokenChangedSince(failedToken) ? true : await this.doRefresh();
    return locks ? await locks.request('agenthub.token-refresh', run) : await run();
  }

  private async doRefresh(): Promise<boolean> {
    const session = this.session;
    const refreshToken = session?.refreshToken();
    if (!session || !refreshToken) {
      // Already signed out (e.g. a parallel refresh failed): nothing left to expire twice.
      if (session?.accessToken()) session.expire();
      return false;
    }
    try {
      const res = await this.send('/auth/refresh', { method: 'POST', body: { refreshToken } }, null);
      if (!res.ok) {
        // Only a rejected token ends the session; a 5xx or 429 is the server's trouble, not the user's.
        if (res.status >= 400 && res.status < 500 && res.status !== 429) session.expire();
        return false;
      }
      session.update((await res.json()) as AuthResponse);
      return true;
    } catch {
      // A network failure is not proof the session is dead: keep it and let the caller see the 401.
      return false;
    }
  }
}

/** The app's single client instance; features build their typed functions on it. */
export const http = new HttpClient();
