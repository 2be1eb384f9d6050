import type { Role } from '@agenthub/contracts';
import { bearer, createTestApp, type TestApp, type TestUser } from './helpers/test-app';

describe('admin users', () => {
  let t: TestApp;
  let admin: TestUser;
  let developer: TestUser;
  let user: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.createUser(['user', 'admin'], { displayName: 'Root Admin' });
    developer = await t.createUser(['user', 'developer'], { displayName: 'Dana Developer' });
    user = await t.createUser(['user'], { displayName: 'Uma User' });
  });
  afterAll(async () => {
    await t.close();
  });

  describe('role matrix', () => {
    const routes = [
      { name: 'GET /api/admin/users', call: () => t.http().get('/api/admin/users') },
      {
        name: 'PATCH /api/admin/users/:id',
        call: () =>
          t
            .http()
            .patch(`/api/admin/users/${user.id}`)
            .send({ roles: ['user'] }),
      },
      { name: 'GET /api/admin/audit-logs', call: () => t.http().get('/api/admin/audit-logs') },
    ];
    const callers: Array<{ who: string; token: () => string | undefined; status: number }> = [
      { who: 'anonymous', token: () => undefined, status: 401 },
      { who: 'user', token: () => user.accessToken, status: 403 },
      { who: 'developer', token: () => developer.accessToken, status: 403 },
      { who: 'admin', token: () => admin.accessToken, status: 200 },
    ];
    for (const route of routes) {
      for (const caller of callers) {
        it(`${route.name} as ${caller.who} → ${caller.status}`, async () => {
          const req = route.call();
          const token = caller.token();
          const res = await (token ? req.set('Authorization', bearer(token)) : req);
          expect(res.status).toBe(caller.status);
          if (caller.status !== 200)
            expect(res.body.code).toBe(caller.status === 401 ? 'unauthorized' : 'forbidden');
        });
      }
    }
  });

  it('searches by email or display name, filters by role and paginates', async () => {
    const asAdmin = (query: string) =>
      t.http().get(`/api/admin/users${query}`).set('Authorization', bearer(admin.accessToken));
    const byName = await asAdmin('?q=dana');
    expect(byName.body.items.map((u: { id: string }) => u.id)).toEqual([developer.id]);
    const byEmail = await asAdmin(`?q=${encodeURIComponent(user.email.slice(0, 10).toUpperCase())}`);
    expect(byEmail.body.items.map((u: { id: string }) => u.id)).toContain(user.id);
    const wildcard = await asAdmin('?q=%25');
    expect(wildcard.body.total).toBe(0);
    const developers = await asAdmin('?role=developer');
    expect(developers.body.items.every((u: { roles: Role[] }) => u.roles.includes('developer'))).toBe(true);
    expect(developers.body.items.map((u: { id: string }) => u.id)).toContain(developer.id);

    // Other modules may seed accounts of their own: compare pages with the full listing.
    const all = (await asAdmin('?pageSize=100')).body as { total: number; items: Array<{ id: string }> };
    expect(all.items.map((u) => u.id)).toEqual(expect.arrayContaining([admin.id, developer.id, user.id]));
    expect(all.total).toBe(all.items.length);
    const page1 = await asAdmin('?pageSize=2&page=1');
    const page2 = await asAdmin('?pageSize=2&page=2');
    expect(page1.body).toMatchObject({ page: 1, pageSize: 2, total: all.total });
    expect(page1.body.items).toHaveLength(2);
    expect([...page1.body.items, ...page2.body.items].map((u: { id: string }) => u.id)).toEqual(
      all.items.slice(0, 4).map((u) => u.id),
    );

    const invalid = await asAdmin('?pageSize=500&role=root');
    expect(invalid.status).toBe(400);
    expect(invalid.body.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'query.pageSize',
      'query.role',
    ]);
  });

  it('changes roles with an audit entry, effective on the next request', async () => {
    const target = await t.createUser(['user']);
    const auth = bearer(target.accessToken);
    await t.http().get('/api/admin/users').set('Authorization', auth).expect(403);

    const res = await t
      .http()
      .patch(`/api/admin/users/${target.id}`)
      .set('Authorization', bearer(admin.accessToken))
      .send({ roles: ['admin', 'user', 'admin'] });
    expect(res.status).toBe(200);
    expect(res.body.roles).toEqual(['user', 'admin']);
    await t.http().get('/api/admin/users').set('Authorization', auth).expect(200);

    const audit = await t.db.query<{ action: string; actor_id: string; metadata: unknown }>(
      `SELECT action, actor_id, metadata FROM audit_logs WHERE target_id = $1`,
      [target.id],
    );
    expect(audit).toEqual([
      {
        action: 'user.roles_changed',
        actor_id: admin.id,
        metadata: { from: ['user'], to: ['user', 'admin'] },
      },
    ]);
  });

  it('locks a disabled user out at once — access token, API key and refresh token — until re-enabled', async () => {
    const target = await t.createUser(['user']);
    const apiKey = await t.createApiKey(target);
    await t.http().get('/api/me').set('Authorization', bearer(apiKey)).expect(200);

    await t
      .http()
      .patch(`/api/admin/users/${target.id}`)
      .set('Authorization', bearer(admin.accessToken))
      .send({ disabled: true })
      .expect(200);

    for (const credential of [target.accessToken, apiKey]) {
      const res = await t.http().get('/api/me').set('Authorization', bearer(credential));
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('account_disabled');
    }
    expect(
      (await t.http().post('/api/auth/refresh').send({ refreshToken: target.refreshToken })).status,
    ).toBe(401);
    const login = await t
      .http()
      .post('/api/auth/login')
      .send({ email: target.email, password: target.password });
    expect(login.status).toBe(403);
    expect(login.body.code).toBe('account_disabled');

    await t
      .http()
      .patch(`/api/admin/users/${target.id}`)
      .set('Authorization', bearer(admin.accessToken))
      .send({ disabled: false })
      .expect(200);
    await t.http().get('/api/me').set('Authorization', bearer(apiKey)).expect(200);
    await t.login(target.email, target.password);
    const actions = await t.db.query<{ action: string }>(
      `SELECT action FROM audit_logs WHERE target_id = $1 ORDER BY created_at`,
      [target.id],
    );
    expect(actions.map((a) => a.action)).toEqual(['user.disabled', 'user.enabled']);
  });

  it('refuses to let an admin remove their own admin role or disable themself', async () => {
    const demote = await t
      .http()
      .patch(`/api/admin/users/${admin.id}`)
      .set('Authorization', bearer(admin.accessToken))
      .send({ roles: ['user'] });
    expect(demote.status).toBe(422);
    expect(demote.body.code).toBe('cannot_modify_self');
    const disable = await t
      .http()
      .patch(`/api/admin/users/${admin.id}`)
      .set('Authorization', bearer(admin.accessToken))
      .send({ disabled: true });
    expect(disable.status).toBe(422);
    expect(disable.body.code).toBe('cannot_modify_self');
    await t.http().get('/api/admin/users').set('Authorization', bearer(admin.accessToken)).expect(200);
  });

  it('validates the update and answers 404 for unknown users', async () => {
    const auth = bearer(admin.accessToken);
    const empty = await t.http().patch(`/api/admin/users/${user.id}`).set('Authorization', auth).send({});
    expect(empty.status).toBe(400);
    const noRoles = await t
      .http()
      .patch(`/api/admin/users/${user.id}`)
      .set('Authorization', auth)
      .send({ roles: [] });
    expect(noRoles.status).toBe(400);
    expect(noRoles.body.details[0].path).toBe('body.roles');
    const missing = await t
      .http()
      .patch('/api/admin/users/00000000-0000-4000-8000-000000000000')
      .set('Authorization', auth)
      .send({ disabled: true });
    expect(missing.status).toBe(404);
  });

  it('lists the audit log to admins, newest first, filtered by target or action', async () => {
    const target = await t.createUser(['user']);
    const auth = bearer(admin.accessToken);
    await t
      .http()
      .patch(`/api/admin/users/${target.id}`)
      .set('Authorization', auth)
      .send({ roles: ['user', 'developer'] })
      .expect(200);
    await t
      .http()
      .patch(`/api/admin/users/${target.id}`)
      .set('Authorization', auth)
      .send({ disabled: true })
      .expect(200);

    const byTarget = await t
      .http()
      .get(`/api/admin/audit-logs?targetType=user&targetId=${target.id}`)
      .set('Authorization', auth);
    expect(byTarget.status).toBe(200);
    expect(byTarget.body.total).toBe(2);
    expect(byTarget.body.items.map((e: { action: string }) => e.action)).toEqual([
      'user.disabled',
      'user.roles_changed',
    ]);
    expect(byTarget.body.items[1]).toMatchObject({
      actorId: admin.id,
      actorEmail: admin.email,
      targetId: target.id,
      metadata: { from: ['user'], to: ['user', 'developer'] },
      requestId: expect.any(String),
    });

    const byAction = await t
      .http()
      .get('/api/admin/audit-logs?action=user.disabled&pageSize=1')
      .set('Authorization', auth);
    expect(byAction.body.items).toHaveLength(1);
    expect(byAction.body.items[0].action).toBe('user.disabled');
  });
});
