/* global setTimeout, clearTimeout, fetch, URL */
// Starts the built API (which also serves apps/web/dist) on a free port and waits until healthy.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * @param {{ repoRoot: string, databaseUrl: string, admin: { email: string, password: string }, timeoutMs?: number }} opts
 * @returns {Promise<{ baseUrl: string, output: () => string, stop: () => Promise<void> }>}
 */
export async function startApi({ repoRoot, databaseUrl, admin, timeoutMs = 90_000 }) {
  const entry = join(repoRoot, 'apps/api/dist/main.js');
  if (!existsSync(entry))
    throw new Error(`${entry} is missing: run \`pnpm --filter @agenthub/api build\` first`);
  const webDist = join(repoRoot, 'apps/web/dist');
  if (!existsSync(join(webDist, 'index.html')))
    throw new Error(`${webDist} is missing: run \`pnpm --filter @agenthub/web build\` first`);

  const port = await freePort();
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATABASE_URL: databaseUrl,
    MASTER_KEY: randomBytes(32).toString('hex'),
    WEB_DIST_DIR: webDist,
    DATA_DIR: mkdtempSync(join(tmpdir(), 'agenthub-e2e-')),
    ADMIN_EMAIL: admin.email,
    ADMIN_PASSWORD: admin.password,
    LOG_LEVEL: process.env.E2E_API_LOG_LEVEL ?? 'warn',
    // chat-long.spec.mjs builds a 500-message conversation through the API in seconds.
    CHAT_RUNS_PER_MINUTE: '0',
    // stream-replay.spec.mjs waits for a finished run's events to leave the buffer.
    RUN_EVENTS_MEMORY_TTL_SEC: '8',
    // admin-console.spec.mjs points a provider config at the loopback mock LLM.
    ALLOW_PRIVATE_NETWORK: 'true',
    // admin-console.spec.mjs approves a version from the review queue (auto-approve would skip it).
    AUTO_APPROVE: 'false',
  };
  // Inline mode: the browser scenarios need no Redis, and must not touch a shared one.
  delete env.REDIS_URL;
  delete env.QUEUE_MODE;
  const child = spawn(process.execPath, [entry], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });

  // Keep the tail of the API's output to explain a failed start or a failing scenario.
  let output = '';
  const keep = (chunk) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = null;
  const exitPromise = new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      resolve();
    }),
  );

  const stop = async () => {
    if (exited) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exitPromise;
    clearTimeout(timer);
  };

  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited)
      throw new Error(
        `API exited (code ${exited.code}, signal ${exited.signal}) before it was healthy:\n${output}`,
      );
    try {
      const res = await fetch(new URL('/api/health', baseUrl));
      if (res.status === 200) return { baseUrl, output: () => output, stop };
    } catch {
      /* not listening yet */
    }
    await sleep(250);
  }
  await stop();
  throw new Error(`API was not healthy within ${timeoutMs / 1000}s. Its output:\n${output}`);
}
