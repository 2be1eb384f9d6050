import { Injectable } from '@nestjs/common';
import { API_KEY_PREFIX, ErrorCodes } from '@agenthub/contracts';
import type { AuthUser } from '../common/auth.decorators.js';
import { DomainError } from '../common/domain-error.js';
import { ApiKeyService } from './api-key.service.js';
import { RefreshTokenRepository } from './refresh-token.repository.js';
import { TokenService } from './token.service.js';
import { UserRepository } from './user.repository.js';
import { sortRoles } from './roles.rules.js';

/**
 * Turns an `Authorization: Bearer` credential (access token or `ahk_` API key) into the caller.
 * The user row (and, for access tokens, whether their session is still open) is read on every
 * request by index, so disabling a user, changing roles or logging out takes effect on the very
 * next request, on every replica, with no cache to invalidate.
 */
@Injectable()
export class Authenticator {
  constructor(
    private readonly tokens: TokenService,
    private readonly apiKeys: ApiKeyService,
    private readonly users: UserRepository,
    private readonly refreshTokens: RefreshTokenRepository,
  ) {}

  async authenticate(authorization: string | undefined): Promise<AuthUser> {
    const credential = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
    if (!credential)
      throw DomainError.unauthorized(
        ErrorCodes.unauthorized,
        'Send an access token or API key as "Authorization: Bearer <token>"',
      );

    let userId: string;
    let via: AuthUser['via'];
    let sessionId: string | undefined;
    if (credential.startsWith(API_KEY_PREFIX)) {
      const key = await this.apiKeys.resolve(credential);
      if (!key) throw DomainError.unauthorized(ErrorCodes.invalidApiKey, 'API key is invalid or revoked');
      userId = key.userId;
      via = { kind: 'api_key', apiKeyId: key.keyId };
    } else {
      const claims = this.tokens.verifyAccessToken(credential);
      userId = claims.sub;
      sessionId = claims.sid;
      via = { kind: 'access_token', ...(sessionId ? { sessionId } : {}) };
    }

    const user = await this.users.findById(userId);
    if (!user)
      throw DomainError.unauthorized(
        ErrorCodes.invalidToken,
        'The account behind this credential no longer exists',
      );
    if (user.disabled) throw DomainError.unauthorized(ErrorCodes.accountDisabled, 'This account is disabled');
    // Logout, refresh-token re-use and password changes revoke a session: its access tokens
    // must stop working too, not linger until they expire.
    if (sessionId && !(await this.refreshTokens.isFamilyActive(sessionId))) {
      throw DomainError.unauthorized(ErrorCodes.invalidToken, 'This session has ended; sign in again');
    }
    return {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      roles: sortRoles(user.roles),
      via,
    };
  }
}
