import { randomBytes } from 'node:crypto';
import type { Provider, ServiceConfig } from '@agenthub/contracts';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import { McpServerService } from '../../src/integration/mcp/mcp-server.service';
import { buildRotationKeyring } from '../../src/integration/secrets/keyring.factory';
import { reencryptAllSecrets } from '../../src/integration/secrets/secret-reencryptor';
import { ServiceConfigResolver } from '../../src/integration/service-configs/service-config-resolver.service';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { auth, createConfig, providerBySlug } from './integration-fixtures';

const SECRET = 'sk-rotation-secret-0000beef';

/**
 * Master key rotation end to end: secrets written under key A, re-encrypted under key B with the
 * rotation keyring, then read by an app that runs with MASTER_KEY=B (and by one that still runs
 * with A plus MASTER_KEY_NEXT=B, as during the rotation window).
 */
describe('secret rotation and the runtime resolver', () => {
  const keyA = randomBytes(32).toString('base64');
  const keyB = randomBytes(32).toString('base64');
  let t: TestApp;
  let openai: Provider;

  beforeAll(async () => {
    t = await createTestApp({ env: { MASTER_KEY: keyA } });
  });
  afterAll(() => t?.close());

  it('resolves the platform default and personal configs for their owner only', async () => {
    const dev = await t.createUser(['developer']);
    const other = await t.createUser(['developer']);
    openai = await providerBySlug(t, dev, 'openai_compatible');
    const resolver = t.app.get(ServiceConfigResolver);

    const byDefault = await resolver.resolveModelConfig(null, null);
    expect(byDefault).toMatchObject({ kind: 'demo', config: { tokenDelayMs: 15 }, pricing: null });

    const cfg = await createConfig(t, dev, {
      providerId: openai.id,
      name: 'rotating',
      configData: { baseURL: 'https://llm.example.com/v1', apiKey: SECRET, model: 'm' },
      pricingConfig: { inputPer1k: 0.01, outputPer1k: 0.02 },
    });
    const resolved = await resolver.resolveModelConfig(cfg.id, dev.id);
    expect(resolved).toEqual({
      configId: cfg.id,
      kind: 'openai_compatible',
      config: { baseURL: 'https://llm.example.com/v1', apiKey: SECRET, model: 'm', streamUsage: true },
      pricing: { inputPer1k: 0.01, outputPer1k: 0.02, currency: 'USD' },
    });
    await expect(resolver.resolveModelConfig(cfg.id, other.id)).rejects.toMatchObject({
      status: 422,
      code: 'service_config_not_found',
    });
    await expect(resolver.resolveModelConfig('not-a-uuid', dev.id)).rejects.toMatchObject({ status: 422 });
    expect(await resolver.checkUsableByEveryone([cfg.id, byDefault.configId, 'missing'])).toEqual([
      { configId: cfg.id, problem: 'personal_config' },
      { configId: 'missing', problem: 'not_found' },
    ]);
  });

  it('re-encrypts every secret under the next key; reads keep working before and after the switch', async () => {
    const admin = await t.createUser(['admin']);
    const cfg = await createConfig(t, admin, {
      providerId: openai.id,
      name: 'platform rotating',
      configData: { baseURL: 'https://llm.example.com/v1', apiKey: SECRET, model: 'm' },
    });
    const mcp = await t
      .http()
      .post('/api/mcp-servers')
      .set(auth(admin))
      .send({
        name: 'rotating-mcp',
        url: 'https://mcp.example.com/mcp',
        headers: { 'X-Key': 'header-secret-1234abcd' },
      });
    expect(mcp.status).toBe(201);
    const keyIdsBefore = await t.db.query<{ k: string }>(
      `SELECT substring(config_data->'apiKey'->>'$enc' from '^v1:([^:]+):') AS k FROM service_configs WHERE id = $1`,
      [cfg.id],
    );

    const ds = await new DataSource(
      buildDataSourceOptions({ databaseUrl: t.db.url, databasePoolMax: 1 }),
    ).initialize();
    try {
      const rotation = buildRotationKeyring(Buffer.from(keyA, 'base64'), { MASTER_KEY_NEXT: keyB });
      const report = await reencryptAllSecrets(ds, rotation);
      expect(report.rows).toEqual({ service_configs: 2, mcp_servers: 1 });
      expect(report.keyId).not.toBe(keyIdsBefore[0].k);
      // Idempotent: a second run has nothing left to move.
      expect((await reencryptAllSecrets(ds, rotation)).secrets).toBe(0);
    } finally {
      await ds.destroy();
    }

    // During the window: the running app (key A) also knows MASTER_KEY_NEXT.
    const during = await createTestApp({ database: t.db, env: { MASTER_KEY: keyA, MASTER_KEY_NEXT: keyB } });
    try {
      expect(
        (await during.app.get(ServiceConfigResolver).resolveModelConfig(cfg.id, null)).config.apiKey,
      ).toBe(SECRET);
    } finally {
      await during.close();
    }

    // After the switch: MASTER_KEY=B, A kept as previous (nothing needs it any more).
    const after = await createTestApp({ database: t.db, env: { MASTER_KEY: keyB } });
    try {
      expect(
        (await after.app.get(ServiceConfigResolver).resolveModelConfig(cfg.id, null)).config.apiKey,
      ).toBe(SECRET);
      expect((await after.app.get(McpServerService).resolveServer('rotating-mcp'))?.headers).toEqual({
        'X-Key': 'header-secret-1234abcd',
      });
      const adminB = await after.login(admin.email, admin.password);
      const shown = await after
        .http()
        .get(`/api/service-configs/${cfg.id}`)
        .set({ Authorization: `Bearer ${adminB.accessToken}` });
      expect((shown.body as ServiceConfig).configData.apiKey).toBe('••••beef');
    } finally {
      await after.close();
    }
  });
});
