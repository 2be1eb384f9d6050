// Shared helpers for the root scripts (start, test): find pnpm, install what is missing, run commands.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createConnection } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
export const pnpmVersion = pkg.packageManager.replace(/^pnpm@/, '');

export function log(msg) {
  process.stdout.write(`\x1b[36m[agenthub]\x1b[0m ${msg}\n`);
}

export function assertNodeVersion() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 19)) {
    console.error(`AgentHub needs Node.js 20.19 or newer (found ${process.versions.node}).`);
    process.exit(1);
  }
}

/** The pnpm command to use: a global pnpm 10 if present, else the pinned one through npx. */
export function pnpmCommand() {
  const probe = spawnSync('pnpm', ['--version'], { encoding: 'utf8', shell: process.platform === 'win32' });
  if (probe.status === 0 && probe.stdout.trim().startsWith('10.')) return ['pnpm'];
  return ['npx', '-y', `pnpm@${pnpmVersion}`];
}

/**
 * Runs turbo through pnpm with its telemetry off, so `npm start` and `npm test` print no telemetry
 * notice (turbo has no repository-level setting for it, only this variable or a per-user opt-out).
 */
export async function runTurbo(args, opts = {}) {
  return runPnpm(['exec', 'turbo', ...args], {
    ...opts,
    env: { ...(opts.env ?? process.env), TURBO_TELEMETRY_DISABLED: '1' },
  });
}

export function run(cmd, args, opts = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

export async function runPnpm(args, opts = {}) {
  const [cmd, ...pre] = pnpmCommand();
  return run(cmd, [...pre, ...args], opts);
}

/** Installs dependencies when node_modules is missing or older than the lockfile. */
export async function ensureInstalled() {
  const marker = join(root, 'node_modules', '.modules.yaml');
  const lock = join(root, 'pnpm-lock.yaml');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  log('Installing dependencies (pnpm install --frozen-lockfile)…');
  const code = await runPnpm(['install', '--frozen-lockfile']);
  if (code !== 0) {
    console.error('Dependency installation failed.');
    process.exit(code);
  }
}

export function canConnect(port, host = '127.0.0.1', timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
