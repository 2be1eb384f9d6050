import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { bearer, createTestApp, type TestApp } from './helpers/test-app';

describe('HTTP platform: errors, limits, request ids, logs, metrics, OpenAPI', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { BODY_LIMIT: '2kb' } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers 413 payload_too_large for a body over BODY_LIMIT', async () => {
    const res = await t
      .http()
      .post('/api/auth/register')
      .send({ email: 'big@example.test', password: 'x'.repeat(3000), displayName: 'Big' });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({
      statusCode: 413,
      code: 'payload_too_large',
      requestId: expect.any(String),
    });
    expect(res.headers['x-request-id']).toBe(res.body.requestId);
  });

  it('answers 400 invalid_json for malformed JSON', async () => {
    const res = await t
      .http()
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"email": ');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('invalid_json');
  });

  it('answers 404 not_found with the error body for unknown API routes', async () => {
    const res = await t.http().get('/api/does-not-exist');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({
      statusCode: 404,
      code: 'not_found',
      message: 'Cannot GET /api/does-not-exist',
      requestId: expect.any(String),
    });
  });

  it('echoes a sane X-Request-Id and replaces an unsafe one', async () => {
    const kept = await t.http().get('/api/health').set('X-Request-Id', 'trace-abc.123');
    expect(kept.headers['x-request-id']).toBe('trace-abc.123');
    const replaced = await t.http().get('/api/health').set('X-Request-Id', 'bad id\twith<script>');
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const generated = await t.http().get('/api/health');
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(generated.headers['x-content-type-options']).toBe('nosniff');
    expect(generated.headers['cache-control']).toBe('no-store');
  });

  it('logs JSON lines with the request id and without credentials or passwords', async () => {
    await t
      .http()
      .get('/api/me')
      .set('X-Request-Id', 'log-check-1')
      .set('Authorization', 'Bearer super-secret-token-value')
      .expect(401);
    await t
      .http()
      .post('/api/auth/login')
      .set('X-Request-Id', 'log-check-2')
      .send({ email: 'nobody@example.test', password: 'hunter2-hunter2' })
      .expect(401);
    const user = await t.createUser();
    await t
      .http()
      .get('/api/me')
      .set('X-Request-Id', 'log-check-3')
      .set('Authorization', bearer(user.accessToken))
      .expect(200);
    expect(t.logs.find((l) => l.reqId === 'log-check-3' && l.msg === 'request completed')).toMatchObject({
      userId: user.id,
    });
    expect(JSON.stringify(t.logs)).not.toContain(user.accessToken);

    const lines = t.logs.filter((l) => l.reqId === 'log-check-1' || l.reqId === 'log-check-2');
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines)
      expect(line).toMatchObject({
        level: expect.any(Number),
        time: expect.any(Number),
        msg: expect.any(String),
      });
    const all = JSON.stringify(t.logs);
    expect(all).not.toContain('super-secret-token-value');
    expect(all).not.toContain('hunter2-hunter2');
    expect(all).toContain('[redacted]');
  });

  it('serves Prometheus metrics with the request histogram by route pattern', async () => {
    const user = await t.createUser();
    await t
      .http()
      .delete('/api/me/api-keys/00000000-0000-4000-8000-000000000001')
      .set('Authorization', bearer(user.accessToken))
      .expect(404);
    const res = await t.http().get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toContain('# TYPE http_request_duration_seconds histogram');
    expect(res.text).toMatch(
      /http_request_duration_seconds_count\{method="DELETE",route="\/api\/me\/api-keys\/:id",status_code="404"\} 1/,
    );
    expect(res.text).not.toContain('00000000-0000-4000-8000-000000000001');
    expect(res.text).toContain('process_cpu_user_seconds_total');
    // Only /api is prefixed: /api/metrics does not exist.
    expect((await t.http().get('/api/metrics')).status).toBe(404);
  });

  it('documents every API route in /api/docs-json, with bearer auth and zod-derived schemas', async () => {
    const res = await t.http().get('/api/docs-json');
    expect(res.status).toBe(200);
    const doc = res.body as {
      paths: Record<
        string,
        Record<
          string,
          {
            security?: unknown[];
            requestBody?: { content: Record<string, { schema: { properties: object } }> };
          }
        >
      >;
      components: { securitySchemes: Record<string, unknown> };
    };
    const router = (
      t.app.getHttpAdapter().getInstance() as {
        router: { stack: Array<{ route?: { path: string; methods: Record<string, boolean> } }> };
      }
    ).router;
    const routes = router.stack
      .filter(
        (layer) =>
          layer.route && layer.route.path.startsWith('/api/') && !layer.route.path.startsWith('/api/docs'),
      )
      .flatMap((layer) =>
        Object.keys(layer.route!.methods).map((method) => ({
          method,
          path: layer.route!.path.replace(/:(\w+)/g, '{$1}'),
        })),
      );
    expect(routes.length).toBeGreaterThanOrEqual(10);
    for (const route of routes) expect(doc.paths[route.path]?.[route.method]).toBeDefined();

    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.paths['/api/me'].get.security).toEqual([{ bearer: [] }]);
    expect(doc.paths['/api/auth/login'].post.security).toEqual([]);
    const register = doc.paths['/api/auth/register'].post.requestBody!.content['application/json'].schema;
    expect(Object.keys(register.properties).sort()).toEqual([
      'developer',
      'displayName',
      'email',
      'password',
    ]);

    const ui = await t.http().get('/api/docs');
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger');
  });
});

describe('web app serving', () => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'agenthub-web-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>AgentHub SPA</title>');
    writeFileSync(join(dir, 'assets', 'app.js'), 'console.log("app")');
    // What the web build's precompress step writes next to each file.
    writeFileSync(join(dir, 'assets', 'app.js.br'), brotliCompressSync('console.log("app")'));
    writeFileSync(join(dir, 'assets', 'app.js.gz'), gzipSync('console.log("app")'));
    writeFileSync(join(dir, 'favicon.svg'), '<svg/>');
    t = await createTestApp({ env: { WEB_DIST_DIR: dir } });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the SPA at / and its index for client-side routes', async () => {
    const root = await t.http().get('/').set('Accept', 'text/html');
    expect(root.status).toBe(200);
    expect(root.text).toContain('AgentHub SPA');
    const deep = await t.http().get('/studio/agents/42').set('Accept', 'text/html,application/xhtml+xml');
    expect(deep.status).toBe(200);
    expect(deep.text).toContain('AgentHub SPA');
    const asset = await t.http().get('/assets/app.js');
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
  });

  it('sends the HTML with a strict CSP, nosniff, frame options and no-cache', async () => {
    for (const path of ['/', '/chats/1']) {
      const res = await t.http().get(path).set('Accept', 'text/html');
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      expect(res.headers['content-security-policy']).not.toMatch(/script-src[^;]*unsafe/);
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
    }
  });

  it('serves precompressed brotli or gzip by Accept-Encoding, hashed assets immutable', async () => {
    // supertest decodes Content-Encoding itself, so the text is the original either way.
    const get = (acceptEncoding: string) =>
      t.http().get('/assets/app.js').set('Accept-Encoding', acceptEncoding).buffer(true);
    const br = await get('gzip, br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-length']).toBe(String(brotliCompressSync('console.log("app")').length));
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.headers.vary).toMatch(/Accept-Encoding/);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.text).toBe('console.log("app")');

    const gz = await get('gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.text).toBe('console.log("app")');

    const plain = await get('identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.text).toBe('console.log("app")');

    // Not hashed: revalidated. Outside the folder: not served.
    expect((await t.http().get('/favicon.svg')).headers['cache-control']).toBe('no-cache');
    const escape = await t.http().get('/assets/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd');
    expect(escape.text).not.toContain('root:');
  });

  it('keeps API, OpenAI-compatible and metrics paths out of the fallback', async () => {
    for (const path of ['/api/nope', '/v1/nope']) {
      const res = await t.http().get(path).set('Accept', 'text/html');
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('not_found');
    }
    expect((await t.http().get('/metrics').set('Accept', 'text/html')).text).toContain(
      'http_request_duration_seconds',
    );
    const post = await t.http().post('/studio').set('Accept', 'text/html');
    expect(post.status).toBe(404);
  });
});
