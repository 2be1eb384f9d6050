import type { Provider } from '@agenthub/contracts';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { auth, type Cast, createCast, createConfig } from './integration-fixtures';

describe('providers', () => {
  let t: TestApp;
  let cast: Cast;

  beforeAll(async () => {
    t = await createTestApp();
    cast = await createCast(t);
  });
  afterAll(() => t?.close());

  const body = (over: Record<string, unknown> = {}) => ({
    slug: 'acme-search',
    serviceType: 'search',
    kind: 'acme',
    name: 'Acme search',
    configSchema: {
      type: 'object',
      required: ['endpoint'],
      properties: {
        endpoint: { type: 'string', format: 'uri' },
        token: { type: 'string', 'x-secret': true },
      },
    },
    authType: 'api_key',
    ...over,
  });

  it('seeds openai_compatible and demo once, whatever the number of boots', async () => {
    const res = await t.http().get('/api/providers').set(auth(cast.user));
    expect(res.status).toBe(200);
    const items = res.body.items as Provider[];
    expect(items.map((p) => p.slug).sort()).toEqual(['demo', 'openai_compatible']);
    const openai = items.find((p) => p.slug === 'openai_compatible')!;
    expect(openai).toMatchObject({
      kind: 'openai_compatible',
      serviceType: 'llm',
      builtin: true,
      authType: 'bearer',
    });
    expect(openai.configSchema).toMatchObject({
      properties: {
        apiKey: { 'x-secret': true },
        baseURL: { format: 'uri' },
        streamUsage: { default: true },
      },
    });
    // A second app on the same database seeds again: still one row per slug and one default.
    const second = await createTestApp({ database: t.db });
    await second.close();
    const counts = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM providers`);
    expect(counts[0].n).toBe(2);
    const defaults = await t.db.query(`SELECT id FROM service_configs WHERE is_default`);
    expect(defaults).toHaveLength(1);
    expect((await t.http().get('/api/providers')).status).toBe(401);
  });

  it('lets only admins create, update and delete providers', async () => {
    expect((await t.http().post('/api/providers').send(body())).status).toBe(401);
    expect((await t.http().post('/api/providers').set(auth(cast.user)).send(body())).status).toBe(403);
    expect((await t.http().post('/api/providers').set(auth(cast.dev)).send(body())).status).toBe(403);
    const created = await t.http().post('/api/providers').set(auth(cast.admin)).send(body());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ slug: 'acme-search', builtin: false, serviceType: 'search' });
    const dup = await t.http().post('/api/providers').set(auth(cast.admin)).send(body());
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('provider_slug_taken');

    const id = created.body.id as string;
    const update = { ...body({ name: 'Acme search v2' }) } as Record<string, unknown>;
    delete update.slug;
    expect((await t.http().put(`/api/providers/${id}`).set(auth(cast.dev)).send(update)).status).toBe(403);
    const updated = await t.http().put(`/api/providers/${id}`).set(auth(cast.admin)).send(update);
    expect(updated.status).toBe(200);
    expect(updated.body.name).toBe('Acme search v2');

    const filtered = await t.http().get('/api/providers?serviceType=search').set(auth(cast.dev));
    expect((filtered.body.items as Provider[]).map((p) => p.slug)).toEqual(['acme-search']);

    // In use: no delete, no change of kind.
    const cfg = await createConfig(t, cast.dev, {
      providerId: id,
      name: 'acme',
      configData: { endpoint: 'https://search.example.com', token: 'tok-0123456789abcdef' },
    });
    expect(cfg.configData).toEqual({ endpoint: 'https://search.example.com', token: '••••cdef' });
    const validate = await t.http().post(`/api/service-configs/${cfg.id}/validate`).set(auth(cast.dev));
    expect(validate.body).toMatchObject({
      validationStatus: 'unknown',
      validationError: expect.stringMatching(/acme/),
    });
    const inUse = await t.http().delete(`/api/providers/${id}`).set(auth(cast.admin));
    expect(inUse.status).toBe(409);
    expect(inUse.body.code).toBe('provider_in_use');
    const rekind = await t
      .http()
      .put(`/api/providers/${id}`)
      .set(auth(cast.admin))
      .send({ ...update, kind: 'other' });
    expect(rekind.status).toBe(409);

    expect((await t.http().delete(`/api/service-configs/${cfg.id}`).set(auth(cast.dev))).status).toBe(204);
    expect((await t.http().delete(`/api/providers/${id}`).set(auth(cast.dev))).status).toBe(403);
    expect((await t.http().delete(`/api/providers/${id}`).set(auth(cast.admin))).status).toBe(204);
    expect((await t.http().get(`/api/providers/${id}`).set(auth(cast.admin))).status).toBe(404);
  });

  it('refuses built-in deletion and unusable schemas', async () => {
    const list = await t.http().get('/api/providers').set(auth(cast.admin));
    const demo = (list.body.items as Provider[]).find((p) => p.slug === 'demo')!;
    const res = await t.http().delete(`/api/providers/${demo.id}`).set(auth(cast.admin));
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('provider_builtin');

    const notObject = await t
      .http()
      .post('/api/providers')
      .set(auth(cast.admin))
      .send(body({ slug: 'broken', configSchema: { type: 'string' } }));
    expect(notObject.status).toBe(400);
    expect(notObject.body.details[0]).toMatchObject({
      path: 'body.configSchema',
      code: 'invalid_config_schema',
    });
    const invalid = await t
      .http()
      .post('/api/providers')
      .set(auth(cast.admin))
      .send(body({ slug: 'Bad Slug', serviceType: 'LLM', authType: 'magic', configSchema: 'x' }));
    expect(invalid.status).toBe(400);
    expect((invalid.body.details as Array<{ path: string }>).map((d) => d.path).sort()).toEqual([
      'body.authType',
      'body.configSchema',
      'body.serviceType',
      'body.slug',
    ]);
  });
});
