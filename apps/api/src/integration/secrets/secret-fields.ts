import { SECRET_MASK_PREFIX } from '@agenthub/contracts';
import { type EncryptedValue, isEncryptedValue, type SecretKeyring } from './secret-box.js';

/**
 * Secret fields inside JSON settings. A JSON Schema marks them with `"x-secret": true` (on a
 * string, or on an object/map whose every value is secret). Encryption needs the schema; reading,
 * masking and re-encryption find `{"$enc": …}` values wherever they are, so they keep working
 * when a provider's schema changes later.
 */

type Json = unknown;
type JsonObject = Record<string, unknown>;
type Path = string[];

const WILDCARD = '*';
const MIN_LENGTH_TO_SHOW_TAIL = 12;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `••••abcd`: the last 4 characters only for secrets long enough that they give little away. */
export function maskSecret(plain: string): string {
  return plain.length >= MIN_LENGTH_TO_SHOW_TAIL
    ? `${SECRET_MASK_PREFIX}${plain.slice(-4)}`
    : SECRET_MASK_PREFIX;
}

export function looksMasked(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(SECRET_MASK_PREFIX);
}

/** Paths (with `*` for any key) of the secret fields a schema declares. */
export function secretPaths(schema: unknown, base: Path = []): Path[] {
  if (!isObject(schema)) return [];
  if (schema['x-secret'] === true) {
    return schema.type === 'object' || isObject(schema.additionalProperties) ? [[...base, WILDCARD]] : [base];
  }
  const out: Path[] = [];
  if (isObject(schema.properties)) {
    for (const [key, sub] of Object.entries(schema.properties)) out.push(...secretPaths(sub, [...base, key]));
  }
  if (isObject(schema.additionalProperties)) {
    out.push(...secretPaths(schema.additionalProperties, [...base, WILDCARD]));
  }
  return out;
}

/** Paths of string fields with `format: "uri"`: outbound URLs that the SSRF guard must check. */
export function urlPaths(schema: unknown, base: Path = []): Path[] {
  if (!isObject(schema)) return [];
  if (schema.type === 'string' && schema.format === 'uri') return [base];
  const out: Path[] = [];
  if (isObject(schema.properties)) {
    for (const [key, sub] of Object.entries(schema.properties)) out.push(...urlPaths(sub, [...base, key]));
  }
  return out;
}

/** Every concrete (path, value) reached by a path pattern. */
export function valuesAt(data: Json, pattern: Path): Array<{ path: Path; value: unknown }> {
  const walk = (node: Json, i: number, path: Path): Array<{ path: Path; value: unknown }> => {
    if (i === pattern.length) return [{ path, value: node }];
    if (!isObject(node)) return [];
    const seg = pattern[i];
    const keys = seg === WILDCARD ? Object.keys(node) : Object.hasOwn(node, seg) ? [seg] : [];
    return keys.flatMap((k) => walk(node[k], i + 1, [...path, k]));
  };
  return walk(data, 0, []);
}

function getAt(data: Json, path: Path): unknown {
  let node: unknown = data;
  for (const seg of path) {
    if (!isObject(node) || !Object.hasOwn(node, seg)) return undefined;
    node = node[seg];
  }
  return node;
}

/** Deep copy with every value rewritten by `fn` (applied bottom-up to leaves and encrypted values). */
function mapDeep(data: Json, fn: (value: unknown, path: Path) => unknown, path: Path = []): Json {
  if (isEncryptedValue(data)) return fn(data, path);
  if (Array.isArray(data)) return data.map((v, i) => mapDeep(v, fn, [...path, String(i)]));
  if (isObject(data)) {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(data)) out[k] = mapDeep(v, fn, [...path, k]);
    return out;
  }
  return fn(data, path);
}

export interface MaskProblem {
  path: Path;
  code: 'secret_mask_mismatch' | 'encrypted_value_not_allowed';
}

/**
 * Puts the stored secret back wherever the client sent its mask (the form shows `••••abcd` and
 * sends it back unchanged). A mask that does not match the stored secret at that place is an
 * error: the client would otherwise save the bullets as the new secret.
 */
export function unmaskSecrets(
  incoming: Json,
  stored: Json,
  keyring: SecretKeyring,
): { value: Json; problems: MaskProblem[] } {
  const problems: MaskProblem[] = [];
  const value = mapDeep(incoming, (v, path) => {
    // Ciphertext comes only from this server: accepting it from a client would let one row's
    // secret be copied into another.
    if (isEncryptedValue(v)) {
      problems.push({ path, code: 'encrypted_value_not_allowed' });
      return v;
    }
    if (!looksMasked(v)) return v;
    const previous = getAt(stored, path);
    if (isEncryptedValue(previous)) {
      const plain = keyring.decrypt(previous);
      if (maskSecret(plain) === v) return plain;
    }
    problems.push({ path, code: 'secret_mask_mismatch' });
    return v;
  });
  return { value, problems };
}

/** Encrypts every string at a secret path (plaintext in, storable JSON out). */
export function encryptSecrets(data: Json, schema: unknown, keyring: SecretKeyring): Json {
  const copy = structuredClone(data) as Json;
  for (const pattern of secretPaths(schema)) {
    for (const { path, value } of valuesAt(copy, pattern)) {
      if (typeof value !== 'string' || path.length === 0) continue;
      const parent = getAt(copy, path.slice(0, -1)) as JsonObject;
      parent[path[path.length - 1]] = keyring.encrypt(value);
    }
  }
  return copy;
}

/** The stored settings with every secret decrypted (for the runtime, never for a response). */
export function decryptSecrets(stored: Json, keyring: SecretKeyring): Json {
  return mapDeep(stored, (v) => (isEncryptedValue(v) ? keyring.decrypt(v) : v));
}

/** The stored settings as a client may see them: each secret as its mask. */
export function maskStoredSecrets(stored: Json, keyring: SecretKeyring): Json {
  return mapDeep(stored, (v) => {
    if (!isEncryptedValue(v)) return v;
    try {
      return maskSecret(keyring.decrypt(v));
    } catch {
      // A secret under a key that is no longer configured still shows that something is set.
      return SECRET_MASK_PREFIX;
    }
  });
}

/** Re-encrypts secrets that are not under the current key; `changed` says whether to save. */
export function reencryptSecrets(stored: Json, keyring: SecretKeyring): { value: Json; changed: number } {
  let changed = 0;
  const value = mapDeep(stored, (v) => {
    if (!isEncryptedValue(v) || keyring.isCurrent(v)) return v;
    changed += 1;
    return keyring.encrypt(keyring.decrypt(v as EncryptedValue));
  });
  return { value, changed };
}

/** Every plaintext secret in stored settings: scrubbed from any error text that might echo them. */
export function plaintextSecrets(stored: Json, keyring: SecretKeyring): string[] {
  const out: string[] = [];
  mapDeep(stored, (v) => {
    if (isEncryptedValue(v)) {
      try {
        out.push(keyring.decrypt(v));
      } catch {
        /* unreadable secrets cannot leak */
      }
    }
    return v;
  });
  return out.filter((s) => s.length >= 4);
}

/** Replaces each secret occurring in `text` by its mask. */
export function scrubSecrets(text: string, secrets: string[]): string {
  let out = text;
  for (const s of secrets) out = out.split(s).join(maskSecret(s));
  return out;
}
