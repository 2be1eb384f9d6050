import { IntegrationErrorCodes } from '@agenthub/contracts';
import { DomainError } from '../../common/domain-error.js';
import { type SecretKeyring, SecretCorruptError, SecretKeyUnknownError } from './secret-box.js';
import { decryptSecrets } from './secret-fields.js';

/**
 * Decrypted settings for the runtime or a connection test. A secret that the keyring cannot open
 * is an operator problem (a rotated key left out of MASTER_KEY_PREVIOUS), reported as such.
 */
export function decryptSettings(
  stored: Record<string, unknown>,
  keyring: SecretKeyring,
): Record<string, unknown> {
  try {
    return decryptSecrets(stored, keyring) as Record<string, unknown>;
  } catch (err) {
    if (err instanceof SecretKeyUnknownError || err instanceof SecretCorruptError) {
      throw new DomainError(
        500,
        IntegrationErrorCodes.secretKeyUnknown,
        'A stored secret cannot be decrypted with the configured master keys',
      );
    }
    throw err;
  }
}
