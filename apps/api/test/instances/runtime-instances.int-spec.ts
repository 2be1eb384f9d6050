import { bearer, createTestApp, type TestApp, type TestUser } from '../helpers/test-app';

const beat = (instanceId: string, extra: Record<string, unknown> = {}) => ({
  instanceId,
  agentSlug: 'support-bot',
  version: '1.2.0',
  host: 'box-1',
  uptimeSec: 12,
  activeSessions: 2,
  memoryMb: 81.5,
  intervalSec: 30,
  ...extra,
});

describe('runtime instances (heartbeats of agenthub serve)', () => {
  let t: TestApp;
  let dev: TestUser;
  let otherDev: TestUser;
  let admin: TestUser;
  let plainUser: TestUser;
  let devKey: string;
  let otherKey: string;
  let adminKey: string;
  let userKey: string;

  beforeAll(async () => {
    t = await createTestApp();
    [dev, otherDev, admin, plainUser] = await Promise.all([
      t.createUser(['user', 'developer']),
      t.createUser(['user', 'developer']),
      t.createUser(['user', 'admin']),
      t.createUser(['user']),
    ]);
    [devKey, otherKey, adminKey, userKey] = await Promise.all([
      t.createApiKey(dev),
      t.createApiKey(otherDev),
      t.createApiKey(admin),
      t.createApiKey(plainUser),
    ]);
  });
  afterAll(async () => {
    await t.close();
  });

  const send = (key: string | null, body: unknown) => {
    const req = t.http().post('/api/runtime-instances/heartbeat');
    if (key) req.set('Authorization', bearer(key));
    return req.send(body as object);
  };
  const list = (token: string, query = '') =>
    t.http().get(`/api/runtime-instances${query}`).set('Authorization', bearer(token));

  it('records a heartbeat and refreshes the same instance on the next one', async () => {
    const first = await send(devKey, beat('dev-a'));
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      instanceId: 'dev-a',
      ownerId: dev.id,
      agentSlug: 'support-bot',
      activeSessions: 2,
      memoryMb: 81.5,
      status: 'up',
    });
    const second = await send(devKey, beat('dev-a', { uptimeSec: 42, activeSessions: 5 }));
    expect(second.body.id).toBe(first.body.id);
    expect(second.body).toMatchObject({ uptimeSec: 42, activeSessions: 5 });
    expect(Date.parse(second.body.lastSeenAt)).toBeGreaterThanOrEqual(Date.parse(first.body.lastSeenAt));
  });

  it('refuses anonymous (401), a bad key (401), plain users (403) and access tokens (403)', async () => {
    expect((await send(null, beat('x'))).status).toBe(401);
    expect((await send('ahk_not-a-real-key', beat('x'))).status).toBe(401);
    const asUser = await send(userKey, beat('x'));
    expect(asUser.status).toBe(403);
    const withToken = await send(dev.accessToken, beat('x'));
    expect(withToken.status).toBe(403);
    expect(withToken.body.code).toBe('api_key_required');
  });

  it('answers bad bodies with 400 and the field paths', async () => {
    const res = await send(devKey, { ...beat('bad id with spaces'), uptimeSec: -1 });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
    const paths = (res.body.details as Array<{ path: string }>).map((d) => d.path).join(' ');
    expect(paths).toContain('instanceId');
    expect(paths).toContain('uptimeSec');
  });

  it('lists own instances for developers, all for admins, and marks silent ones down', async () => {
    await send(otherKey, beat('other-b'));
    await send(adminKey, beat('admin-c'));
    // A beat 3 intervals (+1 s) old: the instance is down.
    await t.db.query(
      `UPDATE runtime_instances SET last_seen_at = now() - interval '91 seconds' WHERE instance_id = 'other-b'`,
    );

    const mine = await list(dev.accessToken);
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((i: { instanceId: string }) => i.instanceId)).toEqual(['dev-a']);

    const all = await list(admin.accessToken);
    const byId = Object.fromEntries(
      (all.body.items as Array<{ instanceId: string; status: string }>).map((i) => [i.instanceId, i.status]),
    );
    expect(byId).toEqual({ 'dev-a': 'up', 'other-b': 'down', 'admin-c': 'up' });
    expect(all.body.total).toBe(3);

    const down = await list(admin.accessToken, '?status=down');
    expect(down.body.items.map((i: { instanceId: string }) => i.instanceId)).toEqual(['other-b']);
    const oneOwner = await list(admin.accessToken, `?ownerId=${otherDev.id}`);
    expect(oneOwner.body.items.map((i: { instanceId: string }) => i.instanceId)).toEqual(['other-b']);
    // A developer's ownerId filter cannot widen the list to someone else's instances.
    const probe = await list(dev.accessToken, `?ownerId=${otherDev.id}`);
    expect(probe.body.items.map((i: { instanceId: string }) => i.instanceId)).toEqual(['dev-a']);
  });

  it('keeps the same instance id of two owners apart', async () => {
    await send(otherKey, beat('shared-id'));
    await send(devKey, beat('shared-id', { host: 'box-2' }));
    const rows = await t.db.query(
      `SELECT owner_id, host FROM runtime_instances WHERE instance_id = 'shared-id'`,
    );
    expect(rows).toHaveLength(2);
  });

  it('refuses the list to anonymous callers and plain users', async () => {
    expect((await t.http().get('/api/runtime-instances')).status).toBe(401);
    expect((await list(plainUser.accessToken)).status).toBe(403);
  });
});
