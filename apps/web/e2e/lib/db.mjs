/* global URL */
// A throwaway Postgres database per run, so browser tests never see another run's data.
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';

// `pg` is a dependency of the API; borrow it rather than pinning a second copy in the web app.
const require = createRequire(new URL('../../../api/package.json', import.meta.url));
const { Client } = require('pg');

async function withClient(url, fn) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Creates `agenthub_e2e_<random>` next to the database of `adminUrl` and returns its URL and a
 * `drop()` that removes it even if the API still holds connections.
 */
export async function createDatabase(adminUrl) {
  const name = `agenthub_e2e_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  await withClient(adminUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => withClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)),
  };
}
