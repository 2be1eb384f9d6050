import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGuardedFetch, guardedFetch, HttpRequestError } from './guarded-fetch.util';
import { SsrfBlockedError } from './ssrf.util';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

describe('guardedFetch against a loopback server', () => {
  let server: Server;
  let base: string;
  const routes = new Map<string, Handler>();
  const allow = { ssrf: { allowedHosts: ['127.0.0.1'] } };

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const handler = routes.get((req.url ?? '').split('?')[0]);
        if (handler) handler(req, res, body);
        else res.writeHead(404).end('no route');
      });
      res.on('error', () => undefined);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    routes.set('/echo', (req, res, body) => {
      res.writeHead(201, { 'content-type': 'application/json', 'x-multi': ['a', 'b'] });
      res.end(
        JSON.stringify({
          method: req.method,
          auth: req.headers.authorization ?? null,
          ct: req.headers['content-type'] ?? null,
          body,
        }),
      );
    });
    routes.set('/slow', (_req, res) => {
      setTimeout(() => res.end('late'), 2000).unref();
    });
    routes.set('/trickle', (_req, res) => {
      res.writeHead(200);
      const t = setInterval(() => res.write('x'), 20);
      res.on('close', () => clearInterval(t));
    });
    routes.set('/big-chunked', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      const chunk = 'y'.repeat(64 * 1024);
      for (let i = 0; i < 32; i++) res.write(chunk); // 2 MiB without content-length
      res.end();
    });
    routes.set('/big-declared', (_req, res) => {
      res.writeHead(200, { 'content-length': String(5 * 1024 * 1024) });
      res.write('z');
    });
    routes.set('/exactly-1mib', (_req, res) => {
      res.end('q'.repeat(1024 * 1024));
    });
    routes.set('/to-echo', (_req, res) => res.writeHead(302, { location: '/echo' }).end());
    routes.set('/see-other', (_req, res) => res.writeHead(303, { location: `${base}/echo` }).end());
    routes.set('/to-metadata', (_req, res) =>
      res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end(),
    );
    routes.set('/to-private', (_req, res) => res.writeHead(307, { location: 'http://10.0.0.1/admin' }).end());
    routes.set('/to-ipv6-loopback', (_req, res) =>
      res.writeHead(301, { location: `http://[::1]:${(server.address() as AddressInfo).port}/echo` }).end(),
    );
    routes.set('/to-file', (_req, res) => res.writeHead(302, { location: 'file:///etc/passwd' }).end());
    routes.set('/loop', (_req, res) => res.writeHead(302, { location: '/loop' }).end());
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('is refused on loopback without an allow option, by literal and by DNS name', async () => {
    await expect(guardedFetch(`${base}/echo`)).rejects.toMatchObject({ code: 'ssrf_blocked' });
    const port = (server.address() as AddressInfo).port;
    const viaName = await guardedFetch(`http://localhost:${port}/echo`).catch((e: unknown) => e);
    expect(viaName).toBeInstanceOf(HttpRequestError);
    expect((viaName as HttpRequestError).code).toBe('ssrf_blocked');
    expect((viaName as HttpRequestError).cause).toBeInstanceOf(SsrfBlockedError);
  });

  it('refuses non-http schemes', async () => {
    await expect(
      guardedFetch('file:///etc/passwd', { ssrf: { allowPrivateNetwork: true } }),
    ).rejects.toMatchObject({ code: 'ssrf_blocked' });
  });

  it('sends method, headers and body and returns status, headers and body when allowed', async () => {
    const res = await guardedFetch(`${base}/echo`, {
      method: 'post',
      headers: { authorization: 'Bearer t', 'content-type': 'text/plain' },
      body: 'hello',
      ...allow,
    });
    expect(res.status).toBe(201);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.headers['x-multi']).toBe('a, b');
    expect(JSON.parse(res.body)).toEqual({
      method: 'POST',
      auth: 'Bearer t',
      ct: 'text/plain',
      body: 'hello',
    });
    const viaName = await guardedFetch(`http://localhost:${(server.address() as AddressInfo).port}/echo`, {
      ssrf: { allowPrivateNetwork: true },
    });
    expect(viaName.status).toBe(201);
  });

  it('times out a server that answers too slowly', async () => {
    const t0 = Date.now();
    await expect(guardedFetch(`${base}/slow`, { timeoutMs: 200, ...allow })).rejects.toMatchObject({
      code: 'http_timeout',
    });
    expect(Date.now() - t0).toBeLessThan(1000);
  });

  it('times out a body that never ends (the total timeout covers the body)', async () => {
    const t0 = Date.now();
    await expect(guardedFetch(`${base}/trickle`, { timeoutMs: 250, ...allow })).rejects.toMatchObject({
      code: 'http_timeout',
    });
    expect(Date.now() - t0).toBeLessThan(1000);
  });

  it('caps the response at 1 MiB by default, streamed or declared', async () => {
    await expect(guardedFetch(`${base}/big-chunked`, allow)).rejects.toMatchObject({
      code: 'response_too_large',
    });
    await expect(guardedFetch(`${base}/big-declared`, allow)).rejects.toMatchObject({
      code: 'response_too_large',
    });
    const exact = await guardedFetch(`${base}/exactly-1mib`, allow);
    expect(exact.body).toHaveLength(1024 * 1024);
    await expect(guardedFetch(`${base}/exactly-1mib`, { ...allow, maxBytes: 1000 })).rejects.toMatchObject({
      code: 'response_too_large',
    });
  });

  it('follows redirects, turning 303 into GET', async () => {
    const res = await guardedFetch(`${base}/to-echo`, allow);
    expect(res.status).toBe(201);
    expect(res.url).toBe(`${base}/echo`);
    const other = await guardedFetch(`${base}/see-other`, { method: 'POST', body: 'x', ...allow });
    expect(JSON.parse(other.body)).toMatchObject({ method: 'GET', body: '' });
  });

  it.each(['/to-metadata', '/to-private', '/to-file', '/to-ipv6-loopback'])(
    'refuses a redirect to a blocked target (%s)',
    async (path) => {
      await expect(guardedFetch(`${base}${path}`, allow)).rejects.toMatchObject({ code: 'ssrf_blocked' });
    },
  );

  it('stops after maxRedirects', async () => {
    await expect(guardedFetch(`${base}/loop`, { ...allow, maxRedirects: 3 })).rejects.toMatchObject({
      code: 'http_failed',
      message: expect.stringContaining('redirects'),
    });
    const raw = await guardedFetch(`${base}/loop`, { ...allow, maxRedirects: 0 });
    expect(raw.status).toBe(302);
  });

  it('aborts when the caller signal fires', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const t0 = Date.now();
    await expect(guardedFetch(`${base}/slow`, { signal: ac.signal, ...allow })).rejects.toMatchObject({
      code: 'aborted',
    });
    expect(Date.now() - t0).toBeLessThan(1000);
    await expect(
      guardedFetch(`${base}/echo`, { signal: AbortSignal.abort(), ...allow }),
    ).rejects.toMatchObject({ code: 'aborted' });
  });

  it('reports a refused connection as http_failed', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    await expect(guardedFetch(`http://127.0.0.1:${port}/`, allow)).rejects.toMatchObject({
      code: 'http_failed',
    });
  });

  describe('createGuardedFetch (fetch-compatible)', () => {
    it('returns a streaming Response when allowed and refuses loopback otherwise', async () => {
      const open = createGuardedFetch({ ssrf: { allowPrivateNetwork: true } });
      const res = await open(`${base}/to-echo`, { method: 'GET', headers: { authorization: 'Bearer z' } });
      expect(res.status).toBe(201);
      expect(await res.json()).toMatchObject({ method: 'GET', auth: 'Bearer z' });

      const closed = createGuardedFetch();
      await expect(closed(`${base}/echo`)).rejects.toBeInstanceOf(SsrfBlockedError);
      await expect(
        closed(`http://localhost:${(server.address() as AddressInfo).port}/echo`),
      ).rejects.toBeInstanceOf(SsrfBlockedError);
      const redirecting = createGuardedFetch({ ssrf: { allowedHosts: ['127.0.0.1'] } });
      await expect(redirecting(`${base}/to-metadata`)).rejects.toBeInstanceOf(SsrfBlockedError);
    });
  });
});

describe('createGuardedFetch with the openai client (provider base URLs)', () => {
  it('streams through the guard when allowed and refuses a loopback base URL otherwise', async () => {
    const { startMockOpenAI } = await import('@agenthub/testkit');
    const { default: OpenAI } = await import('openai');
    const mock = await startMockOpenAI();
    const allowed = createGuardedFetch({ ssrf: { allowedHosts: ['127.0.0.1'] } });
    const blocked = createGuardedFetch();
    try {
      const client = new OpenAI({ apiKey: 'k', baseURL: mock.baseURL, fetch: allowed, maxRetries: 0 });
      const stream = await client.chat.completions.create({
        model: 'm',
        messages: [{ role: 'user', content: 'through the guard' }],
        stream: true,
        stream_options: { include_usage: true },
      });
      let text = '';
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
      expect(text).toBe('Mock answer to: through the guard');

      const refused = new OpenAI({ apiKey: 'k', baseURL: mock.baseURL, fetch: blocked, maxRetries: 0 });
      const err = await refused.chat.completions
        .create({ model: 'm', messages: [{ role: 'user', content: 'x' }] })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Error);
      let cause: unknown = err;
      while (cause && !(cause instanceof SsrfBlockedError)) cause = (cause as { cause?: unknown }).cause;
      expect(cause).toBeInstanceOf(SsrfBlockedError);
      expect(mock.callCount).toBe(1);
    } finally {
      allowed.destroy();
      blocked.destroy();
      await mock.close();
    }
  });
});
