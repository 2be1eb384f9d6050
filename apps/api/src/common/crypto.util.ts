import { createHash, randomBytes } from 'node:crypto';

/** Tokens and API keys are high-entropy, so a fast unsalted hash is enough to store them safely. */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** `bytes` of CSPRNG output as URL-safe text. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
