import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import type { AuthResponse, User } from '@agenthub/contracts';
import { HttpClient } from './http-client';
import { ApiError } from './api-error';
import { AUTH_STORAGE_KEYS, useAuthStore } from '@/features/auth/auth.store';

const user: User = {
  id: '0b4f3a43-3c59-4c1e-9a7b-3f1c7c1c2a10',
  email: 'ada@example.com',
  displayName: 'Ada',
  roles: ['user'],
  disabled: false,
  createdAt: '2026-01-01T00:00:00.000Z',
};

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

function authResponse(n: number): AuthResponse {
  return { user, accessToken: `access-${n}`, refreshToken: `refresh-${n}`, expiresIn: 900 };
}

function authHeader(init: RequestInit | undefined): string | undefined {
  return (init?.headers as Record<string, string> | undefined)?.Authorization;
}

/**
 * A fake API: `/api/me` accepts only the current access token; `/api/auth/refresh` rotates once
 * `refreshDelay` ms later (so concurrent 401s overlap with the refresh) or fails when told to.
 */
function fakeApi(opts: { refreshFails?: boolean } = {}) {
  let validToken = 'access-2';
  const calls: { url: string; init?: RequestInit }[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    calls.push({ url, init });
    if (url === '/api/auth/refresh') {
      await new Promise((r) => setTimeout(r, 10));
      if (opts.refreshFails)
        return json(401, {
          statusCode: 401,
          code: 'invalid_refresh_token',
          message: 'Refresh token is invalid',
        });
      validToken = 'access-2';
      return json(200, authResponse(2));
    }
    if (authHeader(init) !== `Bearer ${validToken}`) {
      return json(401, { statusCode: 401, code: 'unauthorized', message: 'Token expired' });
    }
    return json(200, { ...user, path: url });
  });
  return { fetchMock, calls, refreshCalls: () => calls.filter((c) => c.url === '/api/auth/refresh') };
}

describe('HttpClient refresh-and-retry', () => {
  beforeEach(() => {
    localStorage.clear();
    setActivePinia(createPinia());
  });

  function signedInClient(fetchMock: typeof fetch) {
    const auth = useAuthStore();
    auth.setSession(authResponse(1)); // access-1 is already expired on the fake server
    const onExpired = vi.fn();
    const client = new HttpClient({ fetch: fetchMock });
    client.bindSession(auth.sessionPort(onExpired));
    return { auth, client, onExpired };
  }

  it('shares one refresh between concurrent 401s and retries each request once with the new token', async () => {
    const api = fakeApi();
    const { auth, client } = signedInClient(api.fetchMock);

    const results = await Promise.all([
      client.get<{ path: string }>('/me'),
      client.get<{ path: string }>('/me/a'),
      client.get<{ path: string }>('/me/b'),
    ]);

    expect(results.map((r) => r.path)).toEqual(['/api/me', '/api/me/a', '/api/me/b']);
    expect(api.refreshCalls()).toHaveLength(1);
    expect(JSON.parse(String(api.refreshCalls()[0]!.init?.body))).toEqual({ refreshToken: 'refresh-1' });
    // 3 first attempts + 1 refresh + 3 retries: nobody retried twice.
    expect(api.calls).toHaveLength(7);
    const retries = api.calls.slice(4);
    expect(retries.every((c) => authHeader(c.init) === 'Bearer access-2')).toBe(true);
    // The rotated tokens are what a reload will use.
    expect(auth.accessToken).toBe('access-2');
    expect(localStorage.getItem(AUTH_STORAGE_KEYS.refreshToken)).toBe('refresh-2');
  });

  it('logs the user out when the refresh fails, and the original request fails with 401', async () => {
    const api = fakeApi({ refreshFails: true });
    const { auth, client, onExpired } = signedInClient(api.fetchMock);

    const outcomes = await Promise.allSettled([client.get('/me'), client.get('/me/a')]);

    expect(
      outcomes.every(
        (o) => o.status === 'rejected' && o.reason instanceof ApiError && o.reason.status === 401,
      ),
    ).toBe(true);
    expect(api.refreshCalls()).toHaveLength(1);
    expect(onExpired).toHaveBeenCalledTimes(1);
    expect(auth.isAuthenticated).toBe(false);
    expect(localStorage.getItem(AUTH_STORAGE_KEYS.accessToken)).toBeNull();
    expect(localStorage.getItem(AUTH_STORAGE_KEYS.refreshToken)).toBeNull();
    // No retry after a failed refresh: 2 attempts + 1 refresh.
    expect(api.calls).toHaveLength(3);
  });

  it('keeps the session when the refresh fails because the server is down', async () => {
    const fetchMock = vi.fn(async (input: RequestInfo | URL) =>
      String(input) === '/api/auth/refresh'
        ? json(503, { statusCode: 503, code: 'unavailable', message: 'Database down' })
        : json(401, { statusCode: 401, code: 'unauthorized', message: 'Token expired' }),
    );
    const { client, onExpired, auth } = signedInClient(fetchMock);

    await expect(client.get('/me')).rejects.toMatchObject({ status: 401 });
    expect(onExpired).not.toHaveBeenCalled();
    expect(auth.isAuthenticated).toBe(true);
  });

  it('does not refresh when a login is rejected: wrong credentials are not an expired session', async () => {
    const fetchMock = vi.fn(async () =>
      json(401, { statusCode: 401, code: 'invalid_credentials', message: 'Wrong email or password' }),
    );
    const { client, onExpired, auth } = signedInClient(fetchMock);

    await expect(
      client.post('/auth/login', { email: 'a@b.c', password: 'x' }, { auth: false }),
    ).rejects.toMatchObject({ code: 'invalid_credentials' });
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(onExpired).not.toHaveBeenCalled();
    expect(auth.isAuthenticated).toBe(true);
  });
});

describe('HttpClient errors', () => {
  it('turns an error body into an ApiError with code, message and field errors', async () => {
    const client = new HttpClient({
      fetch: async () =>
        json(400, {
          statusCode: 400,
          code: 'validation_failed',
          message: 'Request validation failed',
          details: [
            { path: 'body.email', code: 'invalid_format', message: 'Enter a valid email address' },
            { path: 'password', code: 'too_small', message: 'Password must be at least 8 characters' },
          ],
          requestId: 'req-42',
        }),
    });

    const err = await client.post('/auth/register', {}, { auth: false }).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(ApiError);
    const apiErr = err as ApiError;
    expect(apiErr.message).toBe('Request validation failed');
    expect(apiErr.code).toBe('validation_failed');
    expect(apiErr.requestId).toBe('req-42');
    expect(apiErr.fieldErrors()).toEqual({
      email: 'Enter a valid email address',
      password: 'Password must be at least 8 characters',
    });
  });

  it('gives a readable message when the body is not our JSON (e.g. a proxy error page)', async () => {
    const client = new HttpClient({
      fetch: async () => new Response('<html>Bad Gateway</html>', { status: 502, statusText: 'Bad Gateway' }),
    });
    await expect(client.get('/me', undefined, { auth: false })).rejects.toMatchObject({
      status: 502,
      code: 'http_502',
      message: 'Request failed with status 502 (Bad Gateway)',
    });
  });

  it('reports an unreachable server as a network error', async () => {
    const client = new HttpClient({
      fetch: async () => {
        throw new TypeError('Failed to fetch');
      },
    });
    await expect(client.get('/me')).rejects.toMatchObject({ status: 0, code: 'network_error' });
  });

  it('sends JSON with the bearer token and skips empty query values', async () => {
    const fetchMock = vi.fn(
      async (_input: RequestInfo | URL, _init?: RequestInit) => new Response(null, { status: 204 }),
    );
    const client = new HttpClient({ fetch: fetchMock });
    client.bindSession({
      accessToken: () => 'tok',
      refreshToken: () => 'r',
      update: vi.fn(),
      expire: vi.fn(),
    });

    await expect(
      client.get('/admin/users', { q: 'ada lovelace', role: undefined, page: 2 }),
    ).resolves.toBeUndefined();

    expect(String(fetchMock.mock.calls[0]![0])).toBe('/api/admin/users?q=ada+lovelace&page=2');
    expect(authHeader(fetchMock.mock.calls[0]![1])).toBe('Bearer tok');
  });
});

describe('HttpClient with several tabs', () => {
  beforeEach(() => {
    localStorage.clear();
    setActivePinia(createPinia());
  });

  it('uses the tokens another tab already refreshed instead of rotating them again', async () => {
    const auth = useAuthStore();
    auth.setSession(authResponse(1));
    const client = new HttpClient({
      fetch: vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
        if (String(input) === '/api/auth/refresh') throw new Error('must not refresh');
        if (authHeader(init) === 'Bearer access-2') return json(200, user);
        // While our request was in flight, the other tab rotated the tokens.
        localStorage.setItem(AUTH_STORAGE_KEYS.accessToken, 'access-2');
        localStorage.setItem(AUTH_STORAGE_KEYS.refreshToken, 'refresh-2');
        return json(401, { statusCode: 401, code: 'unauthorized', message: 'Token expired' });
      }),
    });
    client.bindSession(auth.sessionPort(vi.fn()));

    await expect(client.get('/me')).resolves.toEqual(user);
  });
});

/**
 * A stand-in XMLHttpRequest for `upload()`: the browser's upload events and status codes without
 * a network. It accepts only `Bearer access-2`, like the fake API above, and reports two progress
 * steps before answering.
 */
class FakeXhr {
  static sent: { url: string; auth?: string; body: unknown }[] = [];
  status = 0;
  responseText = '';
  upload: { onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } =
    { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  private url = '';
  private headers: Record<string, string> = {};
  open(_method: string, url: string) {
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  getResponseHeader() {
    return null;
  }
  send(body: unknown) {
    FakeXhr.sent.push({ url: this.url, auth: this.headers.Authorization, body });
    queueMicrotask(() => {
      this.upload.onprogress?.({ lengthComputable: true, loaded: 5, total: 10 });
      this.upload.onprogress?.({ lengthComputable: true, loaded: 10, total: 10 });
      const ok = this.headers.Authorization === 'Bearer access-2';
      this.status = ok ? 201 : 401;
      this.responseText = JSON.stringify(
        ok ? { id: 'doc-1' } : { statusCode: 401, code: 'unauthorized', message: 'Token expired' },
      );
      this.onload?.();
    });
  }
}

describe('HttpClient.upload', () => {
  beforeEach(() => {
    localStorage.clear();
    setActivePinia(createPinia());
    FakeXhr.sent = [];
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('reports upload progress and renews an expired token once, like every request', async () => {
    const api = fakeApi();
    const auth = useAuthStore();
    auth.setSession(authResponse(1));
    const client = new HttpClient({ fetch: api.fetchMock });
    client.bindSession(auth.sessionPort(vi.fn()));
    const form = new FormData();
    form.append('file', new File(['hello'], 'a.md'));
    const progress: number[] = [];

    const doc = await client.upload<{ id: string }>('/knowledge-bases/kb/documents/file', form, (loaded) =>
      progress.push(loaded),
    );

    expect(doc).toEqual({ id: 'doc-1' });
    expect(FakeXhr.sent.map((s) => s.auth)).toEqual(['Bearer access-1', 'Bearer access-2']);
    expect(FakeXhr.sent[1]!.url).toBe('/api/knowledge-bases/kb/documents/file');
    expect(FakeXhr.sent[1]!.body).toBe(form);
    expect(api.refreshCalls()).toHaveLength(1);
    expect(progress).toEqual([5, 10, 5, 10]);
  });

  it("throws the server's error as an ApiError", async () => {
    const client = new HttpClient({ fetch: fakeApi().fetchMock });
    const err = await client.upload('/x', new FormData()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 401, code: 'unauthorized', message: 'Token expired' });
  });
});
