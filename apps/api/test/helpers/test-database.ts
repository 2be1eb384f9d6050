import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * Server used by integration tests: a superuser connection URL to any database on it.
 * `npm test` points it at the embedded PostgreSQL when no local server is reachable.
 */
export const TEST_PG_URL = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  name: string;
  url: string;
  /** Runs SQL as superuser inside the test database (setup shortcuts, assertions). */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

function urlFor(database: string): string {
  const url = new URL(TEST_PG_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

/** A fresh, uniquely named empty database; `drop()` removes it even with connections still open. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `agenthub_test_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = urlFor(name);
  // One lazily opened connection; queries are chained so concurrent callers (Promise.all in
  // fixtures) never overlap on it, which pg 9 will refuse.
  let client: Promise<Client> | undefined;
  let tail: Promise<unknown> = Promise.resolve();
  const connect = (): Promise<Client> =>
    (client ??= (async () => {
      const c = new Client({ connectionString: url });
      await c.connect();
      return c;
    })());
  return {
    name,
    url,
    query<T>(sql: string, params?: unknown[]): Promise<T[]> {
      const run = tail.then(async () => (await (await connect()).query(sql, params)).rows as T[]);
      tail = run.catch(() => undefined);
      return run;
    },
    async drop(): Promise<void> {
      const open = client;
      client = undefined;
      await tail;
      await open?.then((c) => c.end()).catch(() => undefined);
      const c = new Client({ connectionString: TEST_PG_URL });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
