import { bearer, createTestApp, type TestApp, type TestUser } from './helpers/test-app';

describe('API keys', () => {
  let t: TestApp;
  let owner: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    owner = await t.createUser();
  });
  afterAll(async () => {
    await t.close();
  });

  const createKey = (user: TestUser, name: string) =>
    t.http().post('/api/me/api-keys').set('Authorization', bearer(user.accessToken)).send({ name });

  it('shows a new key once, then lists it by name and prefix only', async () => {
    const created = await createKey(owner, 'ci');
    expect(created.status).toBe(201);
    expect(created.body.key).toMatch(/^ahk_[A-Za-z0-9_-]{43}$/);
    expect(created.body.prefix).toBe(created.body.key.slice(0, 12));
    expect(created.body.lastUsedAt).toBeNull();

    const list = await t.http().get('/api/me/api-keys').set('Authorization', bearer(owner.accessToken));
    expect(list.status).toBe(200);
    const item = list.body.items.find((k: { id: string }) => k.id === created.body.id);
    expect(item).toEqual({
      id: created.body.id,
      name: 'ci',
      prefix: created.body.prefix,
      createdAt: expect.any(String),
      lastUsedAt: null,
    });
    expect(JSON.stringify(list.body)).not.toContain(created.body.key);
  });

  it('authenticates as its owner, records last use, and stops working once revoked', async () => {
    const { body: key } = await createKey(owner, 'script');
    const me = await t.http().get('/api/me').set('Authorization', bearer(key.key));
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(owner.id);

    const lastUsed = async () =>
      (
        await t.http().get('/api/me/api-keys').set('Authorization', bearer(owner.accessToken))
      ).body.items.find((k: { id: string }) => k.id === key.id).lastUsedAt as string | null;
    const firstUse = await lastUsed();
    expect(firstUse).toEqual(expect.any(String));
    // Busy keys do not cost a write per request: the timestamp moves at most once a minute.
    await t.http().get('/api/me').set('Authorization', bearer(key.key)).expect(200);
    expect(await lastUsed()).toBe(firstUse);

    await t
      .http()
      .delete(`/api/me/api-keys/${key.id}`)
      .set('Authorization', bearer(owner.accessToken))
      .expect(204);
    const after = await t.http().get('/api/me').set('Authorization', bearer(key.key));
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('invalid_api_key');
    const listed = await t.http().get('/api/me/api-keys').set('Authorization', bearer(owner.accessToken));
    expect(listed.body.items.map((k: { id: string }) => k.id)).not.toContain(key.id);

    const audit = await t.db.query<{ action: string }>(
      `SELECT action FROM audit_logs WHERE target_id = $1 ORDER BY created_at`,
      [key.id],
    );
    expect(audit.map((a) => a.action)).toEqual(['api_key.created', 'api_key.revoked']);
  });

  it("answers 404 for another user's key and leaves it working", async () => {
    const other = await t.createUser();
    const { body: key } = await createKey(other, 'theirs');
    const res = await t
      .http()
      .delete(`/api/me/api-keys/${key.id}`)
      .set('Authorization', bearer(owner.accessToken));
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('not_found');
    await t.http().get('/api/me').set('Authorization', bearer(key.key)).expect(200);
    const mine = await t.http().get('/api/me/api-keys').set('Authorization', bearer(owner.accessToken));
    expect(mine.body.items.map((k: { id: string }) => k.id)).not.toContain(key.id);
  });

  it('rejects unknown keys and malformed ids', async () => {
    const unknown = await t.http().get('/api/me').set('Authorization', bearer('ahk_definitely-not-a-key'));
    expect(unknown.status).toBe(401);
    expect(unknown.body.code).toBe('invalid_api_key');
    const badId = await t
      .http()
      .delete('/api/me/api-keys/not-a-uuid')
      .set('Authorization', bearer(owner.accessToken));
    expect(badId.status).toBe(400);
    expect(badId.body.details[0].path).toBe('params.id');
    const noName = await createKey(owner, '   ');
    expect(noName.status).toBe(400);
    expect(noName.body.details[0]).toMatchObject({ path: 'body.name', message: 'Name is required' });
  });
});
