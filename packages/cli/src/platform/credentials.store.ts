import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * API keys per server, in `$XDG_CONFIG_HOME/agenthub/credentials.json` (else
 * `~/.config/agenthub/…`), readable by the user only (file 0600, directory 0700).
 */
export interface StoredCredentials {
  /** Server used when no `--server` is given: the last one logged in to. */
  defaultServer?: string;
  servers: Record<string, { apiKey: string; savedAt: string; user?: string }>;
}

export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  const base =
    env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.trim() ? env.XDG_CONFIG_HOME : join(homedir(), '.config');
  return join(base, 'agenthub');
}

export const credentialsPath = (env: NodeJS.ProcessEnv = process.env) =>
  join(configDir(env), 'credentials.json');

/** `https://Host:443/` and `https://host` are one server. */
export function normalizeServer(url: string): string {
  const u = new URL(url);
  if (!['http:', 'https:'].includes(u.protocol)) throw new Error(`${url} is not an http(s) URL`);
  return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`;
}

export function readCredentials(env: NodeJS.ProcessEnv = process.env): StoredCredentials {
  const file = credentialsPath(env);
  if (!existsSync(file)) return { servers: {} };
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as StoredCredentials;
  return { defaultServer: parsed.defaultServer, servers: parsed.servers ?? {} };
}

export function saveCredential(
  server: string,
  apiKey: string,
  user: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const dir = configDir(env);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const current = readCredentials(env);
  const key = normalizeServer(server);
  current.servers[key] = { apiKey, savedAt: new Date().toISOString(), ...(user ? { user } : {}) };
  current.defaultServer = key;
  const file = credentialsPath(env);
  // Written under a temporary name with 0600 first, so the key is never readable by others.
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(current, null, 2)}\n`, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
  return file;
}

/** The server and API key a command uses: flags, then `AGENTHUB_SERVER`/`AGENTHUB_API_KEY`, then the store. */
export function resolveCredential(
  flags: { server?: string; apiKey?: string },
  env: NodeJS.ProcessEnv = process.env,
): { server: string | null; apiKey: string | null } {
  const stored = readCredentials(env);
  const raw = flags.server ?? env.AGENTHUB_SERVER ?? stored.defaultServer ?? null;
  const server = raw ? normalizeServer(raw) : null;
  const apiKey =
    flags.apiKey ?? env.AGENTHUB_API_KEY ?? (server ? stored.servers[server]?.apiKey : undefined) ?? null;
  return { server, apiKey };
}
