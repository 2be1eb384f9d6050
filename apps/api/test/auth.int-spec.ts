import { createHash } from 'node:crypto';
import type { AuthResponse } from '@agenthub/contracts';
import { bearer, createTestApp, type TestApp } from './helpers/test-app';

describe('auth: register, login, refresh rotation, logout, /me', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const register = (body: Record<string, unknown>) => t.http().post('/api/auth/register').send(body);

  it('registers a user with the user role, and the developer role on opt-in', async () => {
    const plain = await register({
      email: 'Plain@Example.test',
      password: 'password-1',
      displayName: 'Plain',
    });
    expect(plain.status).toBe(201);
    const body = plain.body as AuthResponse;
    expect(body.user).toMatchObject({
      email: 'plain@example.test',
      displayName: 'Plain',
      roles: ['user'],
      disabled: false,
    });
    expect(body.accessToken).toEqual(expect.any(String));
    expect(body.refreshToken).toMatch(/^ahr_/);
    expect(body.expiresIn).toBe(900);

    const dev = await register({
      email: 'dev@example.test',
      password: 'password-1',
      displayName: 'Dev',
      developer: true,
    });
    expect(dev.status).toBe(201);
    expect(dev.body.user.roles).toEqual(['user', 'developer']);
  });

  it('refuses a second account for the same email in any casing', async () => {
    await register({ email: 'twice@example.test', password: 'password-1', displayName: 'A' }).expect(201);
    const again = await register({ email: 'TWICE@example.TEST', password: 'password-2', displayName: 'B' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('email_taken');
  });

  it('explains invalid registrations field by field', async () => {
    const res = await register({ email: 'not-an-email', password: 'short', displayName: '' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
    const paths = (res.body.details as Array<{ path: string; message: string }>).map((d) => d.path).sort();
    expect(paths).toEqual(['body.displayName', 'body.email', 'body.password']);
    expect(res.body.details.find((d: { path: string }) => d.path === 'body.password').message).toMatch(
      /at least 8/,
    );
  });

  it('logs in case-insensitively and rejects a wrong password with invalid_credentials', async () => {
    await register({ email: 'login@example.test', password: 'password-1', displayName: 'L' }).expect(201);
    const ok = await t
      .http()
      .post('/api/auth/login')
      .send({ email: 'LOGIN@example.test', password: 'password-1' });
    expect(ok.status).toBe(200);
    expect(ok.body.user.email).toBe('login@example.test');

    const wrong = await t
      .http()
      .post('/api/auth/login')
      .send({ email: 'login@example.test', password: 'password-2' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('invalid_credentials');
    const unknown = await t
      .http()
      .post('/api/auth/login')
      .send({ email: 'nobody@example.test', password: 'password-1' });
    expect(unknown.status).toBe(401);
    expect(unknown.body.code).toBe('invalid_credentials');
  });

  it('rotates refresh tokens and revokes the whole family when a rotated token is re-used', async () => {
    const user = await t.createUser();
    const first = await t.http().post('/api/auth/refresh').send({ refreshToken: user.refreshToken });
    expect(first.status).toBe(200);
    const r2 = first.body.refreshToken as string;
    expect(r2).not.toBe(user.refreshToken);
    await t.http().get('/api/me').set('Authorization', bearer(first.body.accessToken)).expect(200);

    // The old token again: somebody else has a copy.
    const reuse = await t.http().post('/api/auth/refresh').send({ refreshToken: user.refreshToken });
    expect(reuse.status).toBe(401);
    expect(reuse.body.code).toBe('refresh_token_reused');

    // ... so the legitimate successor is dead too, and so are the session's access tokens.
    expect((await t.http().get('/api/me').set('Authorization', bearer(first.body.accessToken))).status).toBe(
      401,
    );
    const successor = await t.http().post('/api/auth/refresh').send({ refreshToken: r2 });
    expect(successor.status).toBe(401);
    expect(successor.body.code).toBe('invalid_refresh_token');

    // Other sessions of the same user are untouched.
    const other = await t.login(user.email, user.password);
    await t.http().post('/api/auth/refresh').send({ refreshToken: other.refreshToken }).expect(200);
  });

  it('lets only one of two concurrent refreshes with the same token succeed', async () => {
    const user = await t.createUser();
    const results = await Promise.all([
      t.http().post('/api/auth/refresh').send({ refreshToken: user.refreshToken }),
      t.http().post('/api/auth/refresh').send({ refreshToken: user.refreshToken }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
  });

  it('rejects unknown refresh tokens and ends the session on logout', async () => {
    const bogus = await t.http().post('/api/auth/refresh').send({ refreshToken: 'ahr_nope' });
    expect(bogus.status).toBe(401);
    expect(bogus.body.code).toBe('invalid_refresh_token');

    const user = await t.createUser();
    const otherSession = await t.login(user.email, user.password);
    await t.http().post('/api/auth/logout').send({ refreshToken: user.refreshToken }).expect(204);
    // The session's access token ends with it; the user's other session does not.
    const ended = await t.http().get('/api/me').set('Authorization', bearer(user.accessToken));
    expect(ended.status).toBe(401);
    expect(ended.body.code).toBe('invalid_token');
    await t.http().get('/api/me').set('Authorization', bearer(otherSession.accessToken)).expect(200);
    const after = await t.http().post('/api/auth/refresh').send({ refreshToken: user.refreshToken });
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('invalid_refresh_token');
    // Logging out twice is harmless.
    await t.http().post('/api/auth/logout').send({ refreshToken: user.refreshToken }).expect(204);
  });

  it('requires a credential for /api/me and rejects forged tokens', async () => {
    const none = await t.http().get('/api/me');
    expect(none.status).toBe(401);
    expect(none.body.code).toBe('unauthorized');
    const forged = await t
      .http()
      .get('/api/me')
      .set('Authorization', bearer('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.bad'));
    expect(forged.status).toBe(401);
    expect(forged.body.code).toBe('invalid_token');
  });

  it('updates the display name, and the password only with the current one', async () => {
    const user = await t.createUser();
    const auth = bearer(user.accessToken);
    const renamed = await t
      .http()
      .patch('/api/me')
      .set('Authorization', auth)
      .send({ displayName: '  New Name ' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.displayName).toBe('New Name');
    expect((await t.http().get('/api/me').set('Authorization', auth)).body.displayName).toBe('New Name');

    const missing = await t
      .http()
      .patch('/api/me')
      .set('Authorization', auth)
      .send({ newPassword: 'brand-new-pw' });
    expect(missing.status).toBe(400);
    expect(missing.body.details[0].path).toBe('body.currentPassword');

    const wrong = await t
      .http()
      .patch('/api/me')
      .set('Authorization', auth)
      .send({ currentPassword: 'nope-nope', newPassword: 'brand-new-pw' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.code).toBe('wrong_password');

    const otherSession = await t.login(user.email, user.password);
    await t
      .http()
      .patch('/api/me')
      .set('Authorization', auth)
      .send({ currentPassword: user.password, newPassword: 'brand-new-pw' })
      .expect(200);
    await t.login(user.email, 'brand-new-pw');
    const oldPassword = await t
      .http()
      .post('/api/auth/login')
      .send({ email: user.email, password: user.password });
    expect(oldPassword.status).toBe(401);
    // Other sessions end with a password change; the one that made it survives.
    await t.http().post('/api/auth/refresh').send({ refreshToken: otherSession.refreshToken }).expect(401);
    await t.http().post('/api/auth/refresh').send({ refreshToken: user.refreshToken }).expect(200);
  });

  it('never stores passwords or refresh tokens in clear', async () => {
    const user = await t.createUser();
    const [row] = await t.db.query<{ password_hash: string }>(
      'SELECT password_hash FROM users WHERE id = $1',
      [user.id],
    );
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    const tokens = await t.db.query<{ token_hash: string }>(
      'SELECT token_hash FROM refresh_tokens WHERE user_id = $1',
      [user.id],
    );
    const stored = tokens.map((r) => r.token_hash);
    expect(stored).toContain(createHash('sha256').update(user.refreshToken).digest('hex'));
    expect(stored).not.toContain(user.refreshToken);
  });
});
