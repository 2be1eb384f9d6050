import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Files the embedded mode keeps in DATA_DIR (default `.data/` at the repo root). Secrets are
 * created once with mode 0600 so a restart keeps sessions, encrypted secrets and the database.
 */
export function ensureDataDir(dataDir: string): string {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  return dataDir;
}

/** Writes `content` to `<dataDir>/<name>` readable by the owner only and returns the path. */
export function writeSecretFile(dataDir: string, name: string, content: string): string {
  ensureDataDir(dataDir);
  const path = join(dataDir, name);
  writeFileSync(path, content, { mode: 0o600 });
  // writeFileSync keeps the mode of an existing file: force it.
  chmodSync(path, 0o600);
  return path;
}

/** Reads `<dataDir>/<name>`, or creates it from `generate()` the first time. */
export function readOrCreateSecret(dataDir: string, name: string, generate: () => string): string {
  const path = join(dataDir, name);
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  const value = generate();
  writeSecretFile(dataDir, name, `${value}\n`);
  return value;
}

/** The 32-byte master key (base64) that encrypts stored secrets and derives the JWT key. */
export function ensureMasterKey(dataDir: string): string {
  return readOrCreateSecret(dataDir, 'master.key', () => randomBytes(32).toString('base64'));
}
