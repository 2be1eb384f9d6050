import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM for secrets at rest, with a keyring so the master key can be rotated.
 *
 * A stored secret is `{"$enc": "v1:<keyId>:<iv>:<tag>:<ciphertext>"}` (base64url parts). The
 * data key is derived from the master key with HKDF (the master key also derives the JWT key, so
 * the two uses never share key material); the key id is a short hash of that derived key, which
 * names the key without revealing anything about it.
 */
export const ENCRYPTED_MARKER = '$enc';
const FORMAT_VERSION = 'v1';
const IV_BYTES = 12;

export interface EncryptedValue {
  [ENCRYPTED_MARKER]: string;
}

export class SecretKeyUnknownError extends Error {
  constructor(readonly keyId: string) {
    super(`Secret was encrypted with key ${keyId}, which is not in the keyring`);
    this.name = 'SecretKeyUnknownError';
  }
}

export class SecretCorruptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretCorruptError';
  }
}

interface DataKey {
  id: string;
  key: Buffer;
}

function deriveDataKey(masterKey: Buffer): DataKey {
  if (masterKey.length !== 32) throw new Error('Master keys must be 32 bytes');
  const key = Buffer.from(hkdfSync('sha256', masterKey, 'agenthub', 'secrets-aes-256-gcm-v1', 32));
  const id = createHash('sha256').update(key).digest('base64url').slice(0, 8);
  return { id, key };
}

export function isEncryptedValue(value: unknown): value is EncryptedValue {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as Record<string, unknown>)[ENCRYPTED_MARKER] === 'string' &&
    Object.keys(value).length === 1
  );
}

/** The id of the key that encrypted `value`. */
export function keyIdOf(value: EncryptedValue): string {
  return value[ENCRYPTED_MARKER].split(':')[1] ?? '';
}

/**
 * The current key encrypts; every key of the ring (current, next, previous ones) decrypts. Build
 * it with the current master key first.
 */
export class SecretKeyring {
  private readonly current: DataKey;
  private readonly byId = new Map<string, Buffer>();

  constructor(currentMasterKey: Buffer, otherMasterKeys: Buffer[] = []) {
    this.current = deriveDataKey(currentMasterKey);
    for (const k of [this.current, ...otherMasterKeys.map(deriveDataKey)]) this.byId.set(k.id, k.key);
  }

  get currentKeyId(): string {
    return this.current.id;
  }

  get keyIds(): string[] {
    return [...this.byId.keys()];
  }

  encrypt(plaintext: string): EncryptedValue {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return {
      [ENCRYPTED_MARKER]: [
        FORMAT_VERSION,
        this.current.id,
        iv.toString('base64url'),
        tag.toString('base64url'),
        ct.toString('base64url'),
      ].join(':'),
    };
  }

  decrypt(value: EncryptedValue): string {
    const parts = value[ENCRYPTED_MARKER].split(':');
    if (parts.length !== 5 || parts[0] !== FORMAT_VERSION) {
      throw new SecretCorruptError('Stored secret has an unknown format');
    }
    const [, keyId, iv, tag, ct] = parts;
    const key = this.byId.get(keyId);
    if (!key) throw new SecretKeyUnknownError(keyId);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString(
        'utf8',
      );
    } catch {
      // Never include the ciphertext or the key in the message.
      throw new SecretCorruptError(`Stored secret failed authentication under key ${keyId}`);
    }
  }

  /** True when `value` is already under the current key (the re-encryption run skips it). */
  isCurrent(value: EncryptedValue): boolean {
    return keyIdOf(value) === this.current.id;
  }
}
