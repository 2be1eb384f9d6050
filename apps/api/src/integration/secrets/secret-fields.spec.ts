import { randomBytes } from 'node:crypto';
import { buildKeyring, buildRotationKeyring } from './keyring.factory';
import { isEncryptedValue, SecretKeyring, SecretKeyUnknownError } from './secret-box';
import {
  decryptSecrets,
  encryptSecrets,
  maskSecret,
  maskStoredSecrets,
  reencryptSecrets,
  scrubSecrets,
  secretPaths,
  unmaskSecrets,
  urlPaths,
} from './secret-fields';

const schema = {
  type: 'object',
  properties: {
    baseURL: { type: 'string', format: 'uri' },
    apiKey: { type: 'string', 'x-secret': true },
    nested: { type: 'object', properties: { token: { type: 'string', 'x-secret': true } } },
    headers: { type: 'object', additionalProperties: { type: 'string', 'x-secret': true } },
  },
};

describe('SecretKeyring', () => {
  const key = randomBytes(32);

  it('round-trips with a fresh IV each time and names its key', () => {
    const ring = new SecretKeyring(key);
    const a = ring.encrypt('sk-secret-value');
    const b = ring.encrypt('sk-secret-value');
    expect(a.$enc).not.toEqual(b.$enc);
    expect(a.$enc).toMatch(new RegExp(`^v1:${ring.currentKeyId}:[\\w-]+:[\\w-]+:[\\w-]+$`));
    expect(a.$enc).not.toContain('sk-secret');
    expect(ring.decrypt(a)).toBe('sk-secret-value');
  });

  it('refuses tampered ciphertext and unknown keys', () => {
    const ring = new SecretKeyring(key);
    const enc = ring.encrypt('hello world');
    const parts = enc.$enc.split(':');
    parts[4] = Buffer.from('tampered').toString('base64url');
    expect(() => ring.decrypt({ $enc: parts.join(':') })).toThrow(/failed authentication/);
    expect(() => new SecretKeyring(randomBytes(32)).decrypt(enc)).toThrow(SecretKeyUnknownError);
  });

  it('decrypts with previous and next keys, encrypts with the current one', () => {
    const oldKey = randomBytes(32);
    const oldRing = new SecretKeyring(oldKey);
    const enc = oldRing.encrypt('legacy');
    const ring = buildKeyring(key, { MASTER_KEY_PREVIOUS: oldKey.toString('base64') });
    expect(ring.decrypt(enc)).toBe('legacy');
    expect(ring.isCurrent(ring.encrypt('x'))).toBe(true);
    expect(() => buildKeyring(key, { MASTER_KEY_PREVIOUS: 'nope' })).toThrow(/MASTER_KEY_PREVIOUS: entry 1/);
  });

  it('rotates: the rotation keyring moves secrets to MASTER_KEY_NEXT', () => {
    const next = randomBytes(32);
    const current = new SecretKeyring(key);
    const stored = { apiKey: current.encrypt('sk-rotate-me-please') };
    const rotation = buildRotationKeyring(key, { MASTER_KEY_NEXT: next.toString('hex') });
    const { value, changed } = reencryptSecrets(stored, rotation);
    expect(changed).toBe(1);
    expect(reencryptSecrets(value, rotation).changed).toBe(0);
    const afterSwitch = buildKeyring(next, { MASTER_KEY_PREVIOUS: key.toString('base64') });
    expect(decryptSecrets(value, afterSwitch)).toEqual({ apiKey: 'sk-rotate-me-please' });
    expect(() => decryptSecrets(value, new SecretKeyring(key))).toThrow(SecretKeyUnknownError);
  });
});

describe('secret fields', () => {
  const ring = new SecretKeyring(randomBytes(32));

  it('finds secret and URL paths in a schema', () => {
    expect(secretPaths(schema)).toEqual([['apiKey'], ['nested', 'token'], ['headers', '*']]);
    expect(urlPaths(schema)).toEqual([['baseURL']]);
  });

  it('masks: last 4 characters only for long secrets', () => {
    expect(maskSecret('sk-1234567890abcd')).toBe('••••abcd');
    expect(maskSecret('short')).toBe('••••');
  });

  it('encrypts only secret fields, masks them for clients and decrypts for the runtime', () => {
    const plain = {
      baseURL: 'https://api.example.com/v1',
      apiKey: 'sk-1234567890abcd',
      nested: { token: 'tok-abcdefghijkl' },
      headers: { 'X-Key': 'header-secret-9999' },
    };
    const stored = encryptSecrets(plain, schema, ring) as Record<string, unknown>;
    expect(stored.baseURL).toBe(plain.baseURL);
    expect(isEncryptedValue(stored.apiKey)).toBe(true);
    expect(JSON.stringify(stored)).not.toMatch(/sk-1234|tok-abc|header-secret/);
    expect(maskStoredSecrets(stored, ring)).toEqual({
      baseURL: plain.baseURL,
      apiKey: '••••abcd',
      nested: { token: '••••ijkl' },
      headers: { 'X-Key': '••••9999' },
    });
    expect(decryptSecrets(stored, ring)).toEqual(plain);
  });

  it('puts the stored secret back for a returned mask and rejects foreign masks and ciphertext', () => {
    const stored = encryptSecrets({ apiKey: 'sk-1234567890abcd' }, schema, ring);
    expect(unmaskSecrets({ apiKey: '••••abcd' }, stored, ring)).toEqual({
      value: { apiKey: 'sk-1234567890abcd' },
      problems: [],
    });
    expect(unmaskSecrets({ apiKey: '••••zzzz' }, stored, ring).problems).toEqual([
      { path: ['apiKey'], code: 'secret_mask_mismatch' },
    ]);
    expect(unmaskSecrets({ apiKey: '••••abcd' }, {}, ring).problems).toHaveLength(1);
    expect(unmaskSecrets({ apiKey: ring.encrypt('x') }, stored, ring).problems).toEqual([
      { path: ['apiKey'], code: 'encrypted_value_not_allowed' },
    ]);
  });

  it('scrubs secrets out of error texts', () => {
    expect(scrubSecrets('Incorrect key sk-1234567890abcd given', ['sk-1234567890abcd'])).toBe(
      'Incorrect key ••••abcd given',
    );
  });
});
