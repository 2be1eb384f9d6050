import { decodeMasterKey, type Env } from '../../config/config.schema.js';
import { SecretKeyring } from './secret-box.js';

/**
 * Rotation settings, read here because the shared configuration does not know them yet:
 * - `MASTER_KEY_PREVIOUS`: old master keys (comma-separated) kept for decryption only;
 * - `MASTER_KEY_NEXT`: the key a rotation moves to. The API accepts it for decryption (so it keeps
 *   reading secrets the re-encryption command already moved), the command encrypts under it.
 */
export const ROTATION_ENV = { previous: 'MASTER_KEY_PREVIOUS', next: 'MASTER_KEY_NEXT' } as const;

/** Environment variables of the integration module (validated at boot with the core config). */
export const INTEGRATION_ENV_VARS = [
  {
    name: ROTATION_ENV.previous,
    default: undefined,
    description: 'Old master keys (comma-separated), kept only to decrypt secrets not yet re-encrypted.',
  },
  {
    name: ROTATION_ENV.next,
    default: undefined,
    description:
      'The master key a rotation moves to: `pnpm --filter @agenthub/api secrets:reencrypt` re-encrypts every secret under it.',
  },
  {
    name: 'MCP_HEALTH_INTERVAL_MS',
    default: '300000',
    description: 'Interval of the periodic MCP server health check, once per cluster (0 = off).',
  },
] as const;

function decodeList(env: Env, name: string): Buffer[] {
  const raw = env[name]?.trim();
  if (!raw) return [];
  return raw
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part, i) => {
      const key = decodeMasterKey(part);
      // Never echo the value: it is a key.
      if (!key) throw new Error(`${name}: entry ${i + 1} is not a 32-byte key (64 hex characters or base64)`);
      return key;
    });
}

/** Throws when a rotation key is malformed (checked at boot). */
export function validateRotationEnv(env: Env): void {
  decodeList(env, ROTATION_ENV.next);
  decodeList(env, ROTATION_ENV.previous);
}

/** The keyring the API uses: encrypts with MASTER_KEY, decrypts with it, the next and the previous keys. */
export function buildKeyring(masterKey: Buffer, env: Env = process.env): SecretKeyring {
  return new SecretKeyring(masterKey, [
    ...decodeList(env, ROTATION_ENV.next),
    ...decodeList(env, ROTATION_ENV.previous),
  ]);
}

/**
 * The keyring of a rotation run: encrypts with MASTER_KEY_NEXT when set (else MASTER_KEY, which
 * moves everything still under a previous key), decrypts with every configured key.
 */
export function buildRotationKeyring(masterKey: Buffer, env: Env = process.env): SecretKeyring {
  const next = decodeList(env, ROTATION_ENV.next);
  if (next.length > 1) throw new Error(`${ROTATION_ENV.next}: give exactly one key`);
  const previous = decodeList(env, ROTATION_ENV.previous);
  return next.length === 1
    ? new SecretKeyring(next[0], [masterKey, ...previous])
    : new SecretKeyring(masterKey, previous);
}
