import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Not, type Repository } from 'typeorm';
import { RefreshTokenEntity } from './refresh-token.entity.js';

@Injectable()
export class RefreshTokenRepository {
  constructor(
    @InjectRepository(RefreshTokenEntity) private readonly tokens: Repository<RefreshTokenEntity>,
  ) {}

  async insert(
    token: Pick<RefreshTokenEntity, 'userId' | 'familyId' | 'tokenHash' | 'expiresAt'>,
  ): Promise<void> {
    await this.tokens.insert(token);
  }

  findByHash(tokenHash: string): Promise<RefreshTokenEntity | null> {
    return this.tokens.findOne({ where: { tokenHash } });
  }

  /**
   * Marks a token used. Conditional on it being unused, so of two concurrent refreshes with the
   * same token exactly one wins and the other is treated as re-use.
   */
  async markRotated(id: string): Promise<boolean> {
    const result = await this.tokens
      .createQueryBuilder()
      .update()
      .set({ rotatedAt: () => 'now()' })
      .where('id = :id AND rotated_at IS NULL AND revoked_at IS NULL', { id })
      .execute();
    return (result.affected ?? 0) === 1;
  }

  async revokeFamily(familyId: string): Promise<void> {
    await this.tokens.update({ familyId, revokedAt: IsNull() }, { revokedAt: () => 'now()' });
  }

  /** Ends every session of a user (disable, password change), optionally sparing one. */
  async revokeAllForUser(userId: string, exceptFamilyId?: string): Promise<void> {
    await this.tokens.update(
      exceptFamilyId
        ? { userId, revokedAt: IsNull(), familyId: Not(exceptFamilyId) }
        : { userId, revokedAt: IsNull() },
      { revokedAt: () => 'now()' },
    );
  }

  async isFamilyActive(familyId: string): Promise<boolean> {
    return this.tokens.exists({ where: { familyId, revokedAt: IsNull() } });
  }
}
