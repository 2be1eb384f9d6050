import { bearer, createTestApp, type TestApp, type TestUser } from './helpers/test-app';

describe('admin audit log: before/after, redaction, time filter', () => {
  let t: TestApp;
  let admin: TestUser;
  const list = (query: string) =>
    t.http().get(`/api/admin/audit-logs${query}`).set('Authorization', bearer(admin.accessToken));

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.createUser(['user', 'admin']);
  });
  afterAll(async () => {
    await t.close();
  });

  it('records the roles before and after a change', async () => {
    const target = await t.createUser(['user']);
    await t
      .http()
      .patch(`/api/admin/users/${target.id}`)
      .set('Authorization', bearer(admin.accessToken))
      .send({ roles: ['user', 'developer'] })
      .expect(200);
    const res = await list(`?action=user.roles_changed&targetId=${target.id}`);
    expect(res.body.items[0]).toMatchObject({
      before: { roles: ['user'] },
      after: { roles: ['user', 'developer'] },
    });
  });

  it('never shows secret-looking values, even of entries written without redaction', async () => {
    await t.db.query(
      `INSERT INTO audit_logs (actor_id, action, target_type, target_id, metadata, before, after)
       VALUES ($1, 'service_config.updated', 'service_config', 'cfg-1', $2, $3, $4)`,
      [
        admin.id,
        { name: 'OpenAI', apiKey: 'sk-live-123' },
        { configData: { baseUrl: 'https://a', api_key: 'sk-old-456' } },
        { configData: { baseUrl: 'https://b', password: 'hunter2' } },
      ],
    );
    const res = await list('?targetId=cfg-1');
    expect(res.status).toBe(200);
    expect(res.body.items[0]).toMatchObject({
      metadata: { name: 'OpenAI', apiKey: '••••' },
      before: { configData: { baseUrl: 'https://a', api_key: '••••' } },
      after: { configData: { baseUrl: 'https://b', password: '••••' } },
    });
    expect(res.text).not.toMatch(/sk-live-123|sk-old-456|hunter2/);
  });

  it('filters by time range and refuses a malformed instant with 400 naming the field', async () => {
    await t.db.query(
      `INSERT INTO audit_logs (actor_id, action, target_type, metadata, created_at)
       VALUES ($1, 'old.action', 'thing', '{}', '2020-01-01T10:00:00Z')`,
      [admin.id],
    );
    const inRange = await list('?from=2020-01-01T00:00:00Z&to=2020-01-02T00:00:00Z');
    expect(inRange.body.items.map((e: { action: string }) => e.action)).toEqual(['old.action']);
    const after = await list('?from=2020-01-02T00:00:00Z&action=old.action');
    expect(after.body.total).toBe(0);
    const bad = await list('?from=last-week');
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].path).toBe('query.from');
  });
});
