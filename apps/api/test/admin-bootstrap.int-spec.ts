import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createTestApp } from './helpers/test-app';
import { createTestDatabase } from './helpers/test-database';

describe('admin bootstrap at startup', () => {
  it('creates the ADMIN_EMAIL account with every role once, and restores its admin role on restart', async () => {
    const db = await createTestDatabase();
    const env = { ADMIN_EMAIL: 'Boss@Example.test', ADMIN_PASSWORD: 'boss-password-1' };
    try {
      const first = await createTestApp({ database: db, env });
      const session = await first.login('boss@example.test', 'boss-password-1');
      expect(session.user.roles).toEqual(['user', 'developer', 'admin']);
      await first.db.query(`UPDATE users SET roles = '{user}' WHERE email = 'boss@example.test'`);
      await first.close();

      // A restart (or a second replica) neither duplicates the account nor resets its password.
      const second = await createTestApp({
        database: db,
        env: { ...env, ADMIN_PASSWORD: 'another-password' },
      });
      const again = await second.login('boss@example.test', 'boss-password-1');
      expect(again.user.roles).toEqual(['user', 'admin']);
      const rows = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM users WHERE lower(email) = 'boss@example.test'`,
      );
      expect(rows[0].n).toBe(1);
      const audit = await db.query<{ action: string; actor_id: string | null }>(
        `SELECT action, actor_id FROM audit_logs WHERE target_type = 'user' ORDER BY created_at`,
      );
      expect(audit).toEqual([
        { action: 'admin.bootstrap', actor_id: null },
        { action: 'admin.bootstrap', actor_id: null },
      ]);
      await second.close();
    } finally {
      await db.drop();
    }
  });

  it('boots two replicas at once on an empty database: migrations and the admin account happen once', async () => {
    const db = await createTestDatabase();
    const env = { ADMIN_EMAIL: 'race@example.test', ADMIN_PASSWORD: 'race-password-1' };
    try {
      const replicas = await Promise.all([
        createTestApp({ database: db, env }),
        createTestApp({ database: db, env }),
      ]);
      const admins = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM users WHERE email = 'race@example.test'`,
      );
      expect(admins[0].n).toBe(1);
      const applied = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM typeorm_migrations`);
      const distinct = await db.query<{ n: number }>(
        `SELECT count(DISTINCT name)::int AS n FROM typeorm_migrations`,
      );
      expect(applied[0].n).toBe(distinct[0].n);
      for (const replica of replicas) await replica.login('race@example.test', 'race-password-1');
      for (const replica of replicas) await replica.close();
    } finally {
      await db.drop();
    }
  });

  it('in embedded mode, creates admin@localhost with a random password saved to DATA_DIR/admin-password (0600)', async () => {
    const dataDir = `/tmp/agenthub-bootstrap-${process.pid}-${Date.now()}`;
    const db = await createTestDatabase();
    const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      const t = await createTestApp({ database: db, embedded: true, env: { DATA_DIR: dataDir } });
      const file = join(dataDir, 'admin-password');
      expect(existsSync(file)).toBe(true);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const password = readFileSync(file, 'utf8').trim();
      expect(password.length).toBeGreaterThanOrEqual(16);
      const printed = stdout.mock.calls.map((c) => String(c[0])).join('');
      expect(printed).toContain('admin@localhost');
      expect(printed).toContain(password);
      const session = await t.login('admin@localhost', password);
      expect(session.user.roles).toContain('admin');
      expect((await t.http().get('/api/health')).body.mode).toBe('embedded');
      await t.close();

      // Second start: an admin exists, nothing is created or printed again.
      stdout.mockClear();
      const again = await createTestApp({ database: db, embedded: true, env: { DATA_DIR: dataDir } });
      expect(readFileSync(file, 'utf8').trim()).toBe(password);
      expect(stdout.mock.calls.map((c) => String(c[0])).join('')).not.toContain('password:');
      await again.close();
    } finally {
      stdout.mockRestore();
      await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
