import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { freePort } from '@agenthub/testkit';
import { Client } from 'pg';
import { tempDir } from './cli-process';

const API_ENTRY = resolve(__dirname, '../../../../apps/api/dist/main.js');
const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface ApiProcess {
  baseUrl: string;
  admin: { email: string; password: string };
  output(): string;
  stop(): Promise<void>;
}

async function withClient<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * The built API as its own process (`node apps/api/dist/main.js`, as in production) on a fresh
 * database, inline queue mode, with a bootstrap admin. The CLI never imports the API; it talks
 * to this process over HTTP like to any server.
 */
export async function startApi(): Promise<ApiProcess> {
  if (!existsSync(API_ENTRY))
    throw new Error(`${API_ENTRY} is missing: run \`pnpm --filter @agenthub/api build\``);
  const name = `agenthub_cli_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  await withClient(ADMIN_URL, (c) => c.query(`CREATE DATABASE "${name}"`));
  const dbUrl = new URL(ADMIN_URL);
  dbUrl.pathname = `/${name}`;
  const port = await freePort();
  const admin = { email: 'admin@cli.test', password: `pw-${randomBytes(6).toString('hex')}` };
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATABASE_URL: dbUrl.toString(),
    MASTER_KEY: randomBytes(32).toString('hex'),
    WEB_DIST_DIR: tempDir('agenthub-noweb-'),
    DATA_DIR: tempDir('agenthub-data-'),
    ADMIN_EMAIL: admin.email,
    ADMIN_PASSWORD: admin.password,
    LOG_LEVEL: 'warn',
  };
  delete env.REDIS_URL;
  delete env.QUEUE_MODE;
  const child: ChildProcess = spawn(process.execPath, [API_ENTRY], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (c: Buffer) => (out = (out + c.toString()).slice(-20_000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let exited = false;
  const exit = new Promise<void>((r) =>
    child.on('exit', () => {
      exited = true;
      r();
    }),
  );
  const stop = async () => {
    if (!exited) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exit;
      clearTimeout(timer);
    }
    await withClient(ADMIN_URL, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  };
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (exited) {
      await stop();
      throw new Error(`API exited before it was healthy:\n${out}`);
    }
    try {
      if ((await fetch(`${baseUrl}/api/health`)).status === 200)
        return { baseUrl, admin, output: () => out, stop };
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`API not healthy in 90 s:\n${out}`);
}

/** Logs in and creates an API key (shown once) for the account. */
export async function createApiKey(baseUrl: string, email: string, password: string): Promise<string> {
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${await login.text()}`);
  const { accessToken } = (await login.json()) as { accessToken: string };
  const key = await fetch(`${baseUrl}/api/me/api-keys`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
    body: JSON.stringify({ name: 'cli test' }),
  });
  if (key.status !== 201) throw new Error(`API key failed: ${key.status} ${await key.text()}`);
  return ((await key.json()) as { key: string }).key;
}
