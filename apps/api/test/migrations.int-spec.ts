import { migrations } from '@agenthub/migrations';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../src/database/data-source-options';
import { revertLastMigrationLocked, runMigrationsLocked } from '../src/database/migration-runner';
import { createTestDatabase, type TestDatabase } from './helpers/test-database';

const ALL = migrations.map((m) => new m().name ?? m.name);

describe('migrations', () => {
  let db: TestDatabase;
  const sources: DataSource[] = [];
  const connect = async () => {
    const ds = await new DataSource(
      buildDataSourceOptions({ databaseUrl: db.url, databasePoolMax: 2 }),
    ).initialize();
    sources.push(ds);
    return ds;
  };
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    for (const ds of sources) if (ds.isInitialized) await ds.destroy();
    await db.drop();
  });

  const tables = async () =>
    (
      await db.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`,
      )
    ).map((r) => r.table_name);

  it('applies each migration exactly once when several processes start together', async () => {
    const [a, b, c] = await Promise.all([connect(), connect(), connect()]);
    const applied = await Promise.all([
      runMigrationsLocked(a),
      runMigrationsLocked(b),
      runMigrationsLocked(c),
    ]);
    expect(applied.flat().sort()).toEqual([...ALL].sort());
    expect(await tables()).toEqual(
      expect.arrayContaining(['users', 'refresh_tokens', 'api_keys', 'audit_logs', 'typeorm_migrations']),
    );
  });

  it('reverts every migration, newest first, and re-applies them cleanly', async () => {
    const ds = await connect();
    for (let i = 0; i < ALL.length; i++) expect(await revertLastMigrationLocked(ds)).toBe(true);
    expect(await tables()).toEqual(['typeorm_migrations']);
    expect(await revertLastMigrationLocked(ds)).toBe(false);
    expect(await runMigrationsLocked(ds)).toEqual(ALL);
  });

  it('enforces case-insensitive unique emails and known roles in the schema itself', async () => {
    await db.query(
      `INSERT INTO users (email, display_name, password_hash) VALUES ('a@example.test', 'A', 'x')`,
    );
    await expect(
      db.query(`INSERT INTO users (email, display_name, password_hash) VALUES ('A@EXAMPLE.test', 'B', 'x')`),
    ).rejects.toThrow(/users_email_lower_uq/);
    await expect(
      db.query(
        `INSERT INTO users (email, display_name, password_hash, roles) VALUES ('r@example.test', 'R', 'x', '{root}')`,
      ),
    ).rejects.toThrow(/users_roles_known/);
  });
});
