import { Injectable } from '@nestjs/common';
import { ErrorCodes, type UpdateMeRequest, type User } from '@agenthub/contracts';
import type { AuthUser } from '../common/auth.decorators.js';
import { DomainError } from '../common/domain-error.js';
import { hashPassword, verifyPassword } from './password.util.js';
import { RefreshTokenRepository } from './refresh-token.repository.js';
import { toUserDto } from './user.mapper.js';
import { UserRepository } from './user.repository.js';

@Injectable()
export class MeService {
  constructor(
    private readonly users: UserRepository,
    private readonly refreshTokens: RefreshTokenRepository,
  ) {}

  async get(caller: AuthUser): Promise<User> {
    const user = await this.users.findById(caller.id);
    if (!user) throw DomainError.notFound('User');
    return toUserDto(user);
  }

  /**
   * Changing the password ends every other session of the user (their refresh tokens), keeping
   * the one making the change.
   */
  async update(caller: AuthUser, change: UpdateMeRequest): Promise<User> {
    if (change.newPassword) {
      const user = await this.users.findByIdWithPassword(caller.id);
      if (!user || !(await verifyPassword(user.passwordHash, change.currentPassword ?? ''))) {
        throw new DomainError(400, ErrorCodes.wrongPassword, 'Current password is incorrect', [
          {
            path: 'body.currentPassword',
            code: ErrorCodes.wrongPassword,
            message: 'Current password is incorrect',
          },
        ]);
      }
      await this.users.updatePasswordHash(caller.id, await hashPassword(change.newPassword));
      const keep = caller.via.kind === 'access_token' ? caller.via.sessionId : undefined;
      await this.refreshTokens.revokeAllForUser(caller.id, keep);
    }
    if (change.displayName !== undefined) await this.users.updateDisplayName(caller.id, change.displayName);
    return this.get(caller);
  }
}
