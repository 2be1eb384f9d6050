import type { Provider, ServiceConfig } from '@agenthub/contracts';
import { startMockOpenAI, freePort, type MockOpenAIServer } from '@agenthub/testkit';
import { createTestApp, type TestApp } from '../helpers/test-app';
import {
  allLogText,
  auth,
  type Cast,
  createCast,
  createConfig,
  providerBySlug,
} from './integration-fixtures';

const SECRET = 'sk-live-9f8e7d6c5b4a3210wxyz';

describe('service configs', () => {
  let t: TestApp;
  let cast: Cast;
  let llm: MockOpenAIServer;
  let openai: Provider;
  let demo: Provider;

  beforeAll(async () => {
    llm = await startMockOpenAI({ apiKey: SECRET, models: ['mock-model'] });
    t = await createTestApp({ env: { ALLOW_PRIVATE_NETWORK: 'true' } });
    cast = await createCast(t);
    openai = await providerBySlug(t, cast.user, 'openai_compatible');
    demo = await providerBySlug(t, cast.user, 'demo');
  });
  afterAll(async () => {
    await t?.close();
    await llm?.close();
  });

  const openaiBody = (over: Record<string, unknown> = {}) => ({
    providerId: openai.id,
    name: 'Mock LLM',
    configData: { baseURL: llm.baseURL, apiKey: SECRET, model: 'mock-model' },
    pricingConfig: { inputPer1k: 0.5, outputPer1k: 1.5, currency: 'USD' },
    limitsConfig: { requestsPerMinute: 60, tokensPerDay: 100000 },
    ...over,
  });

  it('a fresh install has the offline demo config as the platform default llm', async () => {
    const res = await t.http().get('/api/service-configs?serviceType=llm').set(auth(cast.user));
    expect(res.status).toBe(200);
    const defaults = (res.body.items as ServiceConfig[]).filter((c) => c.isDefault);
    expect(defaults).toHaveLength(1);
    expect(defaults[0]).toMatchObject({
      providerKind: 'demo',
      scope: 'platform',
      ownerId: null,
      serviceType: 'llm',
    });
  });

  it('creates with the role matrix: anonymous 401, user 403, developer personal, admin platform', async () => {
    expect((await t.http().post('/api/service-configs').send(openaiBody())).status).toBe(401);
    const asUser = await t.http().post('/api/service-configs').set(auth(cast.user)).send(openaiBody());
    expect(asUser.status).toBe(403);
    const mine = await createConfig(t, cast.dev, openaiBody());
    expect(mine).toMatchObject({ scope: 'personal', ownerId: cast.dev.id, validationStatus: 'unknown' });
    const platform = await createConfig(t, cast.admin, openaiBody({ name: 'Platform mock' }));
    expect(platform).toMatchObject({ scope: 'platform', ownerId: null });
    const devPlatform = await t
      .http()
      .post('/api/service-configs')
      .set(auth(cast.dev))
      .send(openaiBody({ scope: 'platform' }));
    expect(devPlatform.status).toBe(403);
  });

  it('never returns, stores or logs a secret in clear text', async () => {
    const created = await createConfig(t, cast.dev, openaiBody({ name: 'secret check' }));
    expect(created.configData).toEqual({
      baseURL: llm.baseURL,
      apiKey: '••••wxyz',
      model: 'mock-model',
      streamUsage: true,
    });
    const list = await t.http().get('/api/service-configs').set(auth(cast.dev));
    const one = await t.http().get(`/api/service-configs/${created.id}`).set(auth(cast.dev));
    for (const body of [list.body, one.body]) expect(JSON.stringify(body)).not.toContain(SECRET);
    const [row] = await t.db.query<{ data: string }>(
      `SELECT config_data::text AS data FROM service_configs WHERE id = $1`,
      [created.id],
    );
    expect(row.data).not.toContain(SECRET);
    expect(row.data).toMatch(/"\$enc": "v1:[\w-]{8}:/);
    const audit = await t.db.query<{ m: string }>(`SELECT metadata::text AS m FROM audit_logs`);
    expect(JSON.stringify(audit)).not.toContain(SECRET);
    expect(allLogText(t)).not.toContain(SECRET);
  });

  it('rejects settings that do not match the provider schema with field paths', async () => {
    const res = await t
      .http()
      .post('/api/service-configs')
      .set(auth(cast.dev))
      .send({
        providerId: openai.id,
        name: 'bad',
        configData: { baseURL: 'nope', temperature: 9, apiKey: 5 },
      });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
    const paths = (res.body.details as Array<{ path: string }>).map((d) => d.path).sort();
    expect(paths).toEqual(
      [
        'body.configData.apiKey',
        'body.configData.baseURL',
        'body.configData.model',
        'body.configData.temperature',
      ].sort(),
    );
    const badPricing = await t
      .http()
      .post('/api/service-configs')
      .set(auth(cast.dev))
      .send(
        openaiBody({
          pricingConfig: { inputPer1k: -1, outputPer1k: 'x' },
          limitsConfig: { requestsPerMinute: 0 },
        }),
      );
    expect(badPricing.status).toBe(400);
    expect((badPricing.body.details as Array<{ path: string }>).map((d) => d.path).sort()).toEqual([
      'body.limitsConfig.requestsPerMinute',
      'body.pricingConfig.inputPer1k',
      'body.pricingConfig.outputPer1k',
    ]);
    const unknownProvider = await t
      .http()
      .post('/api/service-configs')
      .set(auth(cast.dev))
      .send(openaiBody({ providerId: '00000000-0000-4000-8000-000000000000' }));
    expect(unknownProvider.status).toBe(400);
    expect(unknownProvider.body.details[0].path).toBe('body.providerId');
  });

  it('keeps the stored secret when the masked value comes back, replaces it when a new one is sent', async () => {
    const created = await createConfig(t, cast.dev, openaiBody({ name: 'round trip' }));
    const roundTrip = await t
      .http()
      .patch(`/api/service-configs/${created.id}`)
      .set(auth(cast.dev))
      .send({ configData: { ...created.configData, model: 'mock-model' }, name: 'renamed' });
    expect(roundTrip.status).toBe(200);
    expect(roundTrip.body.configData.apiKey).toBe('••••wxyz');
    expect(roundTrip.body.name).toBe('renamed');
    // The secret really is the original one: the upstream accepts it.
    const valid = await t.http().post(`/api/service-configs/${created.id}/validate`).set(auth(cast.dev));
    expect(valid.body.validationStatus).toBe('valid');

    const wrongMask = await t
      .http()
      .patch(`/api/service-configs/${created.id}`)
      .set(auth(cast.dev))
      .send({ configData: { ...created.configData, apiKey: '••••0000' } });
    expect(wrongMask.status).toBe(400);
    expect(wrongMask.body.details[0]).toMatchObject({
      path: 'body.configData.apiKey',
      code: 'secret_mask_mismatch',
    });

    const replaced = await t
      .http()
      .patch(`/api/service-configs/${created.id}`)
      .set(auth(cast.dev))
      .send({ configData: { ...created.configData, apiKey: 'sk-another-key-00001111' } });
    expect(replaced.body.configData.apiKey).toBe('••••1111');
    expect(replaced.body.validationStatus).toBe('unknown');
    const invalid = await t.http().post(`/api/service-configs/${created.id}/validate`).set(auth(cast.dev));
    expect(invalid.body.validationStatus).toBe('invalid');
    expect(invalid.body.validationError).toMatch(/Authentication failed/);
    expect(JSON.stringify(invalid.body)).not.toContain('sk-another-key-00001111');
  });

  it('validates against the loopback OpenAI mock (valid) and a closed port (invalid, error stored)', async () => {
    const good = await createConfig(t, cast.dev, openaiBody({ name: 'good' }));
    llm.reset();
    const before = Date.now();
    const res = await t.http().post(`/api/service-configs/${good.id}/validate`).set(auth(cast.dev));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ validationStatus: 'valid', validationError: null });
    expect(new Date(res.body.validatedAt as string).getTime()).toBeGreaterThanOrEqual(before - 1000);
    // Listing the models (which include the configured one) was proof enough: no prompt sent.
    expect(llm.callCount).toBe(0);

    const port = await freePort();
    const closed = await createConfig(
      t,
      cast.dev,
      openaiBody({
        name: 'closed',
        configData: { baseURL: `http://127.0.0.1:${port}/v1`, apiKey: SECRET, model: 'm' },
      }),
    );
    const bad = await t.http().post(`/api/service-configs/${closed.id}/validate`).set(auth(cast.dev));
    expect(bad.status).toBe(200);
    expect(bad.body.validationStatus).toBe('invalid');
    expect(bad.body.validationError).toMatch(/Cannot reach the server/);
    const stored = await t.http().get(`/api/service-configs/${closed.id}`).set(auth(cast.dev));
    expect(stored.body).toMatchObject({
      validationStatus: 'invalid',
      validationError: bad.body.validationError,
    });
    expect(allLogText(t)).not.toContain(SECRET);
  });

  it('falls back to a one-token prompt when the model is not listed', async () => {
    const cfg = await createConfig(
      t,
      cast.dev,
      openaiBody({
        name: 'unlisted',
        configData: { baseURL: llm.baseURL, apiKey: SECRET, model: 'other-model' },
      }),
    );
    llm.reset();
    const res = await t.http().post(`/api/service-configs/${cfg.id}/validate`).set(auth(cast.dev));
    expect(res.body.validationStatus).toBe('valid');
    expect(llm.requests).toHaveLength(1);
    expect(llm.requests[0]).toMatchObject({
      model: 'other-model',
      raw: expect.objectContaining({ max_tokens: 1 }),
    });
  });

  it('applies the ownership matrix to update, delete and validate', async () => {
    const mine = await createConfig(t, cast.dev, openaiBody({ name: 'matrix' }));
    const routes = [
      (as?: Parameters<typeof auth>[0]) => {
        const r = t.http().patch(`/api/service-configs/${mine.id}`).send({ name: 'x' });
        return as ? r.set(auth(as)) : r;
      },
      (as?: Parameters<typeof auth>[0]) => {
        const r = t.http().post(`/api/service-configs/${mine.id}/validate`);
        return as ? r.set(auth(as)) : r;
      },
    ];
    for (const route of routes) {
      expect((await route()).status).toBe(401);
      expect((await route(cast.user)).status).toBe(403);
      expect((await route(cast.otherDev)).status).toBe(404);
      expect((await route(cast.dev)).status).toBe(200);
      expect((await route(cast.admin)).status).toBe(200);
    }
    expect((await t.http().get(`/api/service-configs/${mine.id}`).set(auth(cast.otherDev))).status).toBe(404);
    const othersList = await t.http().get('/api/service-configs').set(auth(cast.otherDev));
    expect((othersList.body.items as ServiceConfig[]).some((c) => c.id === mine.id)).toBe(false);
    const adminList = await t
      .http()
      .get('/api/service-configs?scope=personal&pageSize=100')
      .set(auth(cast.admin));
    expect((adminList.body.items as ServiceConfig[]).some((c) => c.id === mine.id)).toBe(true);

    // Platform configs: visible to developers, changeable by admins only.
    const platform = await createConfig(t, cast.admin, openaiBody({ name: 'platform matrix' }));
    expect((await t.http().get(`/api/service-configs/${platform.id}`).set(auth(cast.dev))).status).toBe(200);
    expect(
      (await t.http().patch(`/api/service-configs/${platform.id}`).set(auth(cast.dev)).send({ name: 'y' }))
        .status,
    ).toBe(403);

    const del = (as?: Parameters<typeof auth>[0]) => {
      const r = t.http().delete(`/api/service-configs/${mine.id}`);
      return as ? r.set(auth(as)) : r;
    };
    expect((await del()).status).toBe(401);
    expect((await del(cast.user)).status).toBe(403);
    expect((await del(cast.otherDev)).status).toBe(404);
    expect((await del(cast.dev)).status).toBe(204);
    expect((await del(cast.dev)).status).toBe(404);
    const adminsTarget = await createConfig(t, cast.dev, openaiBody({ name: 'admin deletes' }));
    expect(
      (await t.http().delete(`/api/service-configs/${adminsTarget.id}`).set(auth(cast.admin))).status,
    ).toBe(204);
    expect((await t.http().get('/api/service-configs/not-a-uuid').set(auth(cast.admin))).status).toBe(400);
  });

  it('switches the default per service type (admin, platform configs only)', async () => {
    const before = await t
      .http()
      .get('/api/service-configs?serviceType=llm&pageSize=100')
      .set(auth(cast.admin));
    const demoDefault = (before.body.items as ServiceConfig[]).find((c) => c.isDefault)!;
    const platform = await createConfig(t, cast.admin, openaiBody({ name: 'new default' }));
    const personal = await createConfig(t, cast.dev, openaiBody({ name: 'personal default?' }));

    expect((await t.http().put(`/api/service-configs/${platform.id}/default`)).status).toBe(401);
    expect(
      (await t.http().put(`/api/service-configs/${platform.id}/default`).set(auth(cast.dev))).status,
    ).toBe(403);
    const notPlatform = await t
      .http()
      .put(`/api/service-configs/${personal.id}/default`)
      .set(auth(cast.admin));
    expect(notPlatform.status).toBe(422);
    expect(notPlatform.body.code).toBe('default_must_be_platform');

    const res = await t.http().put(`/api/service-configs/${platform.id}/default`).set(auth(cast.admin));
    expect(res.status).toBe(200);
    expect(res.body.isDefault).toBe(true);
    const rows = await t.db.query<{ id: string }>(
      `SELECT id FROM service_configs WHERE service_type = 'llm' AND is_default`,
    );
    expect(rows).toEqual([{ id: platform.id }]);

    const deleteDefault = await t.http().delete(`/api/service-configs/${platform.id}`).set(auth(cast.admin));
    expect(deleteDefault.status).toBe(409);
    expect(deleteDefault.body.code).toBe('service_config_is_default');

    // Concurrent switches still leave exactly one default.
    const statuses = await Promise.all(
      [demoDefault.id, platform.id, demoDefault.id, platform.id].map(
        async (id) => (await t.http().put(`/api/service-configs/${id}/default`).set(auth(cast.admin))).status,
      ),
    );
    expect(statuses).toEqual([200, 200, 200, 200]);
    const after = await t.db.query(
      `SELECT id FROM service_configs WHERE service_type = 'llm' AND is_default`,
    );
    expect(after).toHaveLength(1);
    await t.http().put(`/api/service-configs/${demoDefault.id}/default`).set(auth(cast.admin));
  });

  it('refuses a base URL pointing at a private address when private networks are not allowed', async () => {
    const strict = await createTestApp({ env: { ALLOW_PRIVATE_NETWORK: 'false' } });
    try {
      const admin = await strict.createUser(['admin']);
      const p = await providerBySlug(strict, admin, 'openai_compatible');
      for (const baseURL of [llm.baseURL, 'http://169.254.169.254/latest']) {
        const res = await strict
          .http()
          .post('/api/service-configs')
          .set(auth(admin))
          .send({ providerId: p.id, name: 'ssrf', configData: { baseURL, model: 'm' } });
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('ssrf_blocked');
        expect(res.body.details[0].path).toBe('body.configData.baseURL');
      }
    } finally {
      await strict.close();
    }
  });

  it('demo configs validate offline', async () => {
    const cfg = await createConfig(t, cast.dev, { providerId: demo.id, name: 'my demo', configData: {} });
    const res = await t.http().post(`/api/service-configs/${cfg.id}/validate`).set(auth(cast.dev));
    expect(res.body).toMatchObject({ validationStatus: 'valid', configData: { tokenDelayMs: 15 } });
  });
});
