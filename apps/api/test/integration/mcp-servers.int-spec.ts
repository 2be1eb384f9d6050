import { MCP_HEALTH_HISTORY_SIZE, type McpServer, type McpTool } from '@agenthub/contracts';
import { freePort, type McpTestServer, startMcpTestServer } from '@agenthub/testkit';
import { McpHealthScheduler } from '../../src/integration/mcp/mcp-health.scheduler';
import { McpHistoryRepository } from '../../src/integration/mcp/mcp-history.repository';
import { McpServerService } from '../../src/integration/mcp/mcp-server.service';
import { createTestApp, type TestApp, type TestUser } from '../helpers/test-app';
import { allLogText, auth, type Cast, createCast } from './integration-fixtures';

const HEADER_SECRET = 'Bearer mcp-token-0123456789abcdef';

describe('MCP servers and tools', () => {
  let t: TestApp;
  let cast: Cast;
  let mcp: McpTestServer;

  beforeAll(async () => {
    mcp = await startMcpTestServer();
    t = await createTestApp({ env: { ALLOW_PRIVATE_NETWORK: 'true' } });
    cast = await createCast(t);
  });
  afterAll(async () => {
    await t?.close();
    await mcp?.close();
  });

  let counter = 0;
  const register = async (as: TestUser, over: Record<string, unknown> = {}) => {
    counter += 1;
    const res = await t
      .http()
      .post('/api/mcp-servers')
      .set(auth(as))
      .send({ name: `test-${counter}`, url: mcp.url, headers: { Authorization: HEADER_SECRET }, ...over });
    if (res.status !== 201) throw new Error(`register: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as McpServer;
  };

  it('registers against the real loopback MCP server, refreshes its tools and checks health', async () => {
    expect((await t.http().post('/api/mcp-servers').send({ name: 'x', url: mcp.url })).status).toBe(401);
    expect(
      (await t.http().post('/api/mcp-servers').set(auth(cast.user)).send({ name: 'x', url: mcp.url })).status,
    ).toBe(403);
    const server = await register(cast.admin, { name: 'web' });
    expect(server).toMatchObject({
      name: 'web',
      scope: 'platform',
      ownerId: null,
      status: 'unknown',
      transport: 'streamable_http',
      headers: { Authorization: '••••cdef' },
      toolCount: 0,
    });

    const refreshed = await t.http().post(`/api/mcp-servers/${server.id}/refresh`).set(auth(cast.admin));
    expect(refreshed.status).toBe(200);
    expect((refreshed.body.tools as McpTool[]).map((x) => x.name)).toEqual([
      'add',
      'echo',
      'fail',
      'search',
      'slow',
    ]);
    expect(refreshed.body.server).toMatchObject({ status: 'healthy', toolCount: 5, lastError: null });
    const echo = (refreshed.body.tools as McpTool[]).find((x) => x.name === 'echo')!;
    expect(echo.inputSchema).toMatchObject({ type: 'object', properties: { text: expect.any(Object) } });

    // A second refresh replaces the set instead of duplicating it.
    await t.http().post(`/api/mcp-servers/${server.id}/refresh`).set(auth(cast.admin));
    const tools = await t.http().get('/api/mcp-tools?server=web').set(auth(cast.user));
    expect(tools.status).toBe(200);
    expect(tools.body.total).toBe(5);
    const search = await t.http().get(`/api/mcp-tools?q=sea&server=${server.id}`).set(auth(cast.dev));
    expect((search.body.items as McpTool[]).map((x) => [x.serverName, x.name])).toEqual([['web', 'search']]);
    const paged = await t.http().get('/api/mcp-tools?pageSize=2&page=2').set(auth(cast.dev));
    expect(paged.body).toMatchObject({ page: 2, pageSize: 2 });
    expect(paged.body.items).toHaveLength(2);

    const health = await t.http().post(`/api/mcp-servers/${server.id}/health`).set(auth(cast.admin));
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'healthy', lastError: null });
    expect(health.body.lastHealthCheck).toEqual(expect.any(String));

    // The periodic round checks every server the same way.
    await t.db.query(`UPDATE mcp_servers SET status = 'unknown', last_health_check = NULL`);
    await t.app.get(McpHealthScheduler).tick();
    const after = await t.http().get(`/api/mcp-servers/${server.id}`).set(auth(cast.admin));
    expect(after.body).toMatchObject({ status: 'healthy', lastHealthCheck: expect.any(String) });
  });

  it('speaks the legacy SSE transport too', async () => {
    const server = await register(cast.dev, { url: mcp.sseUrl, transport: 'sse' });
    const refreshed = await t.http().post(`/api/mcp-servers/${server.id}/refresh`).set(auth(cast.dev));
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.server).toMatchObject({ transport: 'sse', status: 'healthy', toolCount: 5 });
  });

  it('records an unreachable server as unhealthy with its error', async () => {
    const port = await freePort();
    const server = await register(cast.dev, { url: `http://127.0.0.1:${port}/mcp` });
    expect(server.scope).toBe('personal');
    const health = await t.http().post(`/api/mcp-servers/${server.id}/health`).set(auth(cast.dev));
    expect(health.status).toBe(200);
    expect(health.body.status).toBe('unhealthy');
    expect(health.body.lastError).toMatch(/connect|fetch failed|ECONNREFUSED/i);
    const refresh = await t.http().post(`/api/mcp-servers/${server.id}/refresh`).set(auth(cast.dev));
    expect(refresh.status).toBe(422);
    expect(refresh.body.code).toBe('mcp_connect_failed');
    expect(JSON.stringify([health.body, refresh.body])).not.toContain('mcp-token');
  });

  it('keeps header secrets write-only: masked in responses, encrypted at rest, absent from logs', async () => {
    const server = await register(cast.dev);
    const [row] = await t.db.query<{ h: string }>(
      `SELECT headers::text AS h FROM mcp_servers WHERE id = $1`,
      [server.id],
    );
    expect(row.h).not.toContain('mcp-token');
    expect(row.h).toContain('$enc');
    const kept = await t
      .http()
      .patch(`/api/mcp-servers/${server.id}`)
      .set(auth(cast.dev))
      .send({ headers: { ...server.headers, 'X-Extra': 'extra-value-0000aaaa' } });
    expect(kept.status).toBe(200);
    expect(kept.body.headers).toEqual({ Authorization: '••••cdef', 'X-Extra': '••••aaaa' });
    const resolved = await t.app.get(McpServerService).resolveServer(server.name);
    expect(resolved?.headers).toEqual({ Authorization: HEADER_SECRET, 'X-Extra': 'extra-value-0000aaaa' });
    const list = await t.http().get('/api/mcp-servers').set(auth(cast.dev));
    expect(JSON.stringify(list.body)).not.toContain('mcp-token');
    expect(allLogText(t)).not.toContain('mcp-token');
  });

  it('applies the ownership matrix to every write route', async () => {
    const server = await register(cast.dev);
    type Call = (as?: TestUser) => Promise<{ status: number }>;
    const withAuth = (req: ReturnType<ReturnType<TestApp['http']>['get']>, as?: TestUser) =>
      as ? req.set(auth(as)) : req;
    const routes: Array<[string, Call, number]> = [
      [
        'patch',
        (as) => withAuth(t.http().patch(`/api/mcp-servers/${server.id}`).send({ description: 'd' }), as),
        200,
      ],
      ['refresh', (as) => withAuth(t.http().post(`/api/mcp-servers/${server.id}/refresh`), as), 200],
      ['health', (as) => withAuth(t.http().post(`/api/mcp-servers/${server.id}/health`), as), 200],
    ];
    for (const [name, call, ok] of routes) {
      const statuses = [
        await call(),
        await call(cast.user),
        await call(cast.otherDev),
        await call(cast.dev),
        await call(cast.admin),
      ].map((r) => r.status);
      expect([name, ...statuses]).toEqual([name, 401, 403, 404, ok, ok]);
    }
    // Other developers neither see the server nor its tools.
    expect((await t.http().get(`/api/mcp-servers/${server.id}`).set(auth(cast.otherDev))).status).toBe(404);
    const tools = await t.http().get(`/api/mcp-tools?server=${server.name}`).set(auth(cast.otherDev));
    expect(tools.body.total).toBe(0);
    // Platform servers: visible to all, managed by admins.
    const platform = await register(cast.admin);
    expect((await t.http().get(`/api/mcp-servers/${platform.id}`).set(auth(cast.user))).status).toBe(200);
    expect(
      (await t.http().patch(`/api/mcp-servers/${platform.id}`).set(auth(cast.dev)).send({ description: 'x' }))
        .status,
    ).toBe(403);

    const del: Call = (as) => withAuth(t.http().delete(`/api/mcp-servers/${server.id}`), as);
    expect([await del(), await del(cast.user), await del(cast.otherDev)].map((r) => r.status)).toEqual([
      401, 403, 404,
    ]);
    expect((await del(cast.dev)).status).toBe(204);
    const another = await register(cast.dev);
    expect((await t.http().delete(`/api/mcp-servers/${another.id}`).set(auth(cast.admin))).status).toBe(204);
  });

  it('rejects duplicate names and bad input with field paths', async () => {
    const server = await register(cast.dev);
    const dup = await t
      .http()
      .post('/api/mcp-servers')
      .set(auth(cast.otherDev))
      .send({ name: server.name, url: mcp.url });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('mcp_server_name_taken');
    const bad = await t
      .http()
      .post('/api/mcp-servers')
      .set(auth(cast.dev))
      .send({
        name: 'Bad Name!',
        url: 'ftp://example.com',
        transport: 'websocket',
        headers: { 'bad header': 'x' },
      });
    expect(bad.status).toBe(400);
    expect((bad.body.details as Array<{ path: string }>).map((d) => d.path).sort()).toEqual(
      expect.arrayContaining(['body.name', 'body.transport']),
    );
    const scheme = await t
      .http()
      .post('/api/mcp-servers')
      .set(auth(cast.dev))
      .send({ name: 'ftp-server', url: 'ftp://example.com' });
    expect(scheme.status).toBe(400);
    expect(scheme.body.details[0]).toMatchObject({ path: 'body.url', code: 'invalid_url' });
  });

  it('records call statistics atomically', async () => {
    const server = await register(cast.admin);
    const service = t.app.get(McpServerService);
    await Promise.all([
      service.recordCall(server.id, 'echo', true, 10),
      service.recordCall(server.id, 'echo', true, 20),
      service.recordCall(server.id, 'add', false, 30),
      service.recordCall(server.id, 'echo', true, 40),
    ]);
    const res = await t.http().get(`/api/mcp-servers/${server.id}`).set(auth(cast.admin));
    expect(res.body).toMatchObject({ callsTotal: 4, callsSucceeded: 3, avgLatencyMs: 25 });
    expect(await service.checkUsableByEveryone([server.name, 'nope'])).toEqual([
      { server: 'nope', problem: 'not_found' },
    ]);
    const personal = await register(cast.dev);
    expect(await service.checkUsableByEveryone([personal.id])).toEqual([
      { server: personal.id, problem: 'personal_server' },
    ]);
    expect(await service.resolveServer(personal.name, cast.otherDev.id)).toBeNull();
    expect(await service.resolveServer(personal.name, cast.dev.id)).toMatchObject({ url: mcp.url });
  });

  it('keeps a health history with latencies and per-tool call statistics, with retention', async () => {
    const server = await register(cast.admin);
    const down = await register(cast.admin, { url: `http://127.0.0.1:${await freePort()}/mcp` });
    await t.http().post(`/api/mcp-servers/${server.id}/health`).set(auth(cast.admin)).expect(200);
    await t.http().post(`/api/mcp-servers/${down.id}/health`).set(auth(cast.admin)).expect(200);
    await t.http().post(`/api/mcp-servers/${server.id}/health`).set(auth(cast.admin)).expect(200);
    const service = t.app.get(McpServerService);
    for (const [tool, ok, ms] of [
      ['echo', true, 10],
      ['echo', true, 30],
      ['echo', false, 20],
      ['add', true, 7],
    ] as const) {
      await service.recordCall(server.id, tool, ok, ms);
    }

    const stats = await t.http().get(`/api/mcp-servers/${server.id}/stats`).set(auth(cast.admin));
    expect(stats.status).toBe(200);
    expect(stats.body.healthChecks).toHaveLength(2);
    expect(stats.body.healthChecks[0]).toMatchObject({
      ok: true,
      error: null,
      latencyMs: expect.any(Number),
    });
    expect(stats.body.tools).toEqual([
      { tool: 'add', calls: 1, errors: 0, p50DurationMs: 7, lastCalledAt: expect.any(String) },
      { tool: 'echo', calls: 3, errors: 1, p50DurationMs: 20, lastCalledAt: expect.any(String) },
    ]);
    const failed = await t.http().get(`/api/mcp-servers/${down.id}/stats`).set(auth(cast.admin));
    expect(failed.body.healthChecks).toEqual([
      { ok: false, latencyMs: expect.any(Number), error: expect.any(String), checkedAt: expect.any(String) },
    ]);
    expect(failed.body.tools).toEqual([]);

    // Retention: the newest MCP_HEALTH_HISTORY_SIZE checks per server, other servers untouched.
    const history = t.app.get(McpHistoryRepository);
    for (let i = 0; i < MCP_HEALTH_HISTORY_SIZE + 3; i++)
      await history.recordHealthCheck(server.id, true, i, null);
    const kept = (await history.healthChecks(server.id)).map((c) => c.latencyMs);
    expect(kept).toHaveLength(MCP_HEALTH_HISTORY_SIZE);
    expect(kept[0]).toBe(MCP_HEALTH_HISTORY_SIZE + 2);
    expect(await history.healthChecks(down.id)).toHaveLength(1);
    // Both go with their server.
    await t.http().delete(`/api/mcp-servers/${down.id}`).set(auth(cast.admin)).expect(204);
    const [{ n }] = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM mcp_health_checks WHERE server_id = $1`,
      [down.id],
    );
    expect(n).toBe(0);
  });

  it('shows the stats to who may see the server: 401 anonymous, 403 user, 404 another developer', async () => {
    const personal = await register(cast.dev);
    const url = `/api/mcp-servers/${personal.id}/stats`;
    expect((await t.http().get(url)).status).toBe(401);
    expect((await t.http().get(url).set(auth(cast.user))).status).toBe(403);
    expect((await t.http().get(url).set(auth(cast.otherDev))).status).toBe(404);
    expect((await t.http().get(url).set(auth(cast.dev))).status).toBe(200);
    expect((await t.http().get(url).set(auth(cast.admin))).status).toBe(200);
    const bad = await t.http().get('/api/mcp-servers/not-a-uuid/stats').set(auth(cast.admin));
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].path).toBe('params.id');
  });

  it('refuses private and metadata addresses when private networks are not allowed', async () => {
    const strict = await createTestApp({ env: { ALLOW_PRIVATE_NETWORK: 'false' } });
    try {
      const admin = await strict.createUser(['admin']);
      for (const url of [
        mcp.url,
        'http://169.254.169.254/',
        'http://[::1]:8080/mcp',
        'http://10.0.0.5/mcp',
      ]) {
        const res = await strict
          .http()
          .post('/api/mcp-servers')
          .set(auth(admin))
          .send({ name: 'private', url });
        expect([url, res.status, res.body.code]).toEqual([url, 400, 'ssrf_blocked']);
        expect(res.body.details[0].path).toBe('body.url');
      }
      const created = await strict
        .http()
        .post('/api/mcp-servers')
        .set(auth(admin))
        .send({ name: 'public', url: 'https://mcp.example.com/mcp' });
      expect(created.status).toBe(201);
      const moved = await strict
        .http()
        .patch(`/api/mcp-servers/${created.body.id}`)
        .set(auth(admin))
        .send({ url: 'http://127.0.0.1:1/mcp' });
      expect(moved.status).toBe(400);
      expect(moved.body.code).toBe('ssrf_blocked');
    } finally {
      await strict.close();
    }
  });
});
