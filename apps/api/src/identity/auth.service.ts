import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type AuthResponse, ErrorCodes, type LoginRequest, type RegisterRequest } from '@agenthub/contracts';
import { AppConfig } from '../config/app-config.js';
import { randomToken, sha256Hex } from '../common/crypto.util.js';
import { DomainError } from '../common/domain-error.js';
import { LoginRateLimiter } from './login-rate-limiter.service.js';
import { hashPassword, verifyAgainstDummy, verifyPassword } from './password.util.js';
import { RefreshTokenRepository } from './refresh-token.repository.js';
import { rolesForRegistration } from './roles.rules.js';
import { TokenService } from './token.service.js';
import type { UserEntity } from './user.entity.js';
import { toUserDto } from './user.mapper.js';
import { isUniqueViolation, UserRepository } from './user.repository.js';

const REFRESH_TOKEN_PREFIX = 'ahr_';

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UserRepository,
    private readonly refreshTokens: RefreshTokenRepository,
    private readonly tokens: TokenService,
    private readonly limiter: LoginRateLimiter,
    private readonly config: AppConfig,
  ) {}

  async register(input: RegisterRequest): Promise<AuthResponse> {
    if (await this.users.findByEmail(input.email)) {
      throw DomainError.conflict(ErrorCodes.emailTaken, 'An account with this email already exists');
    }
    let user: UserEntity;
    try {
      user = await this.users.create({
        email: input.email,
        displayName: input.displayName,
        passwordHash: await hashPassword(input.password),
        roles: rolesForRegistration(input.developer ?? false),
      });
    } catch (err) {
      if (isUniqueViolation(err))
        throw DomainError.conflict(ErrorCodes.emailTaken, 'An account with this email already exists');
      throw err;
    }
    return this.startSession(user);
  }

  async login(input: LoginRequest, ip: string): Promise<AuthResponse> {
    await this.limiter.assertAllowed(input.email, ip);
    const user = await this.users.findByEmailWithPassword(input.email);
    const valid = user
      ? await verifyPassword(user.passwordHash, input.password)
      : await verifyAgainstDummy(input.password);
    if (!user || !valid) {
      await this.limiter.recordFailure(input.email, ip);
      throw DomainError.unauthorized(ErrorCodes.invalidCredentials, 'Email or password is incorrect');
    }
    await this.limiter.recordSuccess(input.email, ip);
    if (user.disabled) throw DomainError.forbidden(ErrorCodes.accountDisabled, 'This account is disabled');
    return this.startSession(user);
  }

  /**
   * Exchanges a refresh token for a new pair. A token that was already exchanged is proof that
   * someone else holds a copy: its whole family (that login session) is revoked.
   */
  async refresh(refreshToken: string): Promise<AuthResponse> {
    const stored = await this.refreshTokens.findByHash(sha256Hex(refreshToken));
    if (!stored || stored.revokedAt) throw this.invalidRefreshToken();
    if (stored.rotatedAt || !(await this.refreshTokens.markRotated(stored.id))) {
      await this.refreshTokens.revokeFamily(stored.familyId);
      throw DomainError.unauthorized(
        ErrorCodes.refreshTokenReused,
        'This refresh token was already used; the session has been ended for safety',
      );
    }
    if (stored.expiresAt.getTime() <= Date.now()) throw this.invalidRefreshToken();
    const user = await this.users.findById(stored.userId);
    if (!user) throw this.invalidRefreshToken();
    if (user.disabled) {
      await this.refreshTokens.revokeFamily(stored.familyId);
      throw DomainError.unauthorized(ErrorCodes.accountDisabled, 'This account is disabled');
    }
    return this.issue(user, stored.familyId);
  }

  /** Ends the session the refresh token belongs to. Idempotent: unknown tokens are ignored. */
  async logout(refreshToken: string): Promise<void> {
    const stored = await this.refreshTokens.findByHash(sha256Hex(refreshToken));
    if (stored) await this.refreshTokens.revokeFamily(stored.familyId);
  }

  private startSession(user: UserEntity): Promise<AuthResponse> {
    return this.issue(user, randomUUID());
  }

  private async issue(user: UserEntity, familyId: string): Promise<AuthResponse> {
    const refreshToken = `${REFRESH_TOKEN_PREFIX}${randomToken(32)}`;
    await this.refreshTokens.insert({
      userId: user.id,
      familyId,
      tokenHash: sha256Hex(refreshToken),
      expiresAt: new Date(Date.now() + this.config.jwtRefreshTtlSec * 1000),
    });
    return {
      user: toUserDto(user),
      accessToken: this.tokens.signAccessToken({ sub: user.id, sid: familyId }),
      refreshToken,
      expiresIn: this.tokens.accessTtlSec,
    };
  }

  private invalidRefreshToken(): DomainError {
    return DomainError.unauthorized(ErrorCodes.invalidRefreshToken, 'Refresh token is invalid or expired');
  }
}
