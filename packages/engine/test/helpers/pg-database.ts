import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';

const ADMIN_URL = process.env.PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A uniquely named database for one test file, dropped afterwards. */
export async function createTestDatabase(): Promise<{
  url: string;
  pool: () => Pool;
  drop(): Promise<void>;
}> {
  const name = `agenthub_test_${randomBytes(6).toString('hex')}`;
  const admin = new Pool({ connectionString: ADMIN_URL, max: 1 });
  await admin.query(`CREATE DATABASE ${name}`);
  const url = ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
  const pools: Pool[] = [];
  return {
    url,
    pool: () => {
      const p = new Pool({ connectionString: url, max: 10 });
      // A client still closing when the database is dropped gets 57P01; that is teardown, not a failure.
      p.on('error', () => undefined);
      pools.push(p);
      return p;
    },
    async drop() {
      await Promise.all(pools.map((p) => p.end().catch(() => undefined)));
      // Give the server a moment to see the clients' Terminate messages before forcing.
      for (let attempt = 0; attempt < 20; attempt++) {
        const { rows } = await admin.query(
          'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1',
          [name],
        );
        if (rows[0].n === 0) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}
