import { Injectable } from '@nestjs/common';
import { IntegrationErrorCodes } from '@agenthub/contracts';
import { assertUrlAllowed, SsrfBlockedError, type SsrfOptions } from '@agenthub/engine';
import { DomainError } from '../common/domain-error.js';
import { OutboundPolicyService } from './outbound/outbound-policy.service.js';

/**
 * Checks a user-supplied outbound URL when it is saved, so a bad URL is refused with a field
 * error at once instead of failing later inside a run. The connection itself is guarded again
 * (the resolved address is re-checked at connect time), so a name that does not resolve right now
 * is accepted here.
 */
@Injectable()
export class OutboundUrlGuard {
  constructor(private readonly policy: OutboundPolicyService) {}

  /** The options of the engine's URL guard for a connection made now. */
  ssrfOptions(): Promise<SsrfOptions> {
    return this.policy.ssrfOptions();
  }

  async check(url: string, path: string): Promise<void> {
    try {
      await assertUrlAllowed(url, await this.policy.ssrfOptions());
    } catch (err) {
      if (err instanceof SsrfBlockedError) {
        if (err.reason === 'private_address') {
          throw new DomainError(
            400,
            IntegrationErrorCodes.ssrfBlocked,
            'URL points to a private, loopback or link-local address',
            [{ path, code: IntegrationErrorCodes.ssrfBlocked, message: err.message }],
          );
        }
        throw DomainError.validation([{ path, code: 'invalid_url', message: err.message }]);
      }
      // DNS failure: not decidable now; the guarded connection decides later.
    }
  }
}
