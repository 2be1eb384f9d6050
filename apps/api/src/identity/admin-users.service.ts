import { Injectable } from '@nestjs/common';
import type { AdminUpdateUserRequest, AdminUser, AdminUserQuery, Page, User } from '@agenthub/contracts';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../common/auth.decorators.js';
import { DomainError } from '../common/domain-error.js';
import type { RequestMeta } from '../common/request-meta.decorator.js';
import { AuditService } from './audit.service.js';
import { RefreshTokenRepository } from './refresh-token.repository.js';
import { assertAllowedSelfUpdate, sortRoles } from './roles.rules.js';
import { UserActivityRegistry } from './user-activity.registry.js';
import { toUserDto } from './user.mapper.js';
import { UserRepository } from './user.repository.js';

@Injectable()
export class AdminUsersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UserRepository,
    private readonly refreshTokens: RefreshTokenRepository,
    private readonly audit: AuditService,
    private readonly activity: UserActivityRegistry,
  ) {}

  /** One page of users, each with their agent and chat counts (one query per kind per page). */
  async search(query: AdminUserQuery): Promise<Page<AdminUser>> {
    const page = await this.users.search(query);
    const counts = await this.activity.counts(page.items.map((u) => u.id));
    return {
      ...page,
      items: page.items.map((u) => {
        const c = counts.get(u.id)!;
        return { ...toUserDto(u), agentCount: c.agents, chatCount: c.chats };
      }),
    };
  }

  /** Role and disabled changes are written together with their audit entries, or not at all. */
  async update(
    actor: AuthUser,
    userId: string,
    change: AdminUpdateUserRequest,
    meta: RequestMeta,
  ): Promise<User> {
    assertAllowedSelfUpdate(actor.id, userId, change);
    const disabledNow = await this.dataSource.transaction(async (manager) => {
      const user = await this.users.findByIdForUpdate(userId, manager);
      if (!user) throw DomainError.notFound('User');
      const base = {
        actorId: actor.id,
        targetType: 'user',
        targetId: user.id,
        ip: meta.ip,
        requestId: meta.requestId,
      };

      const roles = change.roles ? sortRoles(change.roles) : undefined;
      const rolesChanged = roles !== undefined && roles.join(',') !== sortRoles(user.roles).join(',');
      const disabledChanged = change.disabled !== undefined && change.disabled !== user.disabled;
      if (!rolesChanged && !disabledChanged) return false;

      await this.users.updateRolesAndDisabled(
        user.id,
        { ...(rolesChanged ? { roles } : {}), ...(disabledChanged ? { disabled: change.disabled } : {}) },
        manager,
      );
      if (rolesChanged) {
        await this.audit.record(
          {
            ...base,
            action: 'user.roles_changed',
            metadata: { from: sortRoles(user.roles), to: roles },
            before: { roles: sortRoles(user.roles) },
            after: { roles },
          },
          manager,
        );
      }
      if (disabledChanged) {
        await this.audit.record(
          {
            ...base,
            action: change.disabled ? 'user.disabled' : 'user.enabled',
            metadata: { email: user.email },
            before: { disabled: user.disabled },
            after: { disabled: change.disabled },
          },
          manager,
        );
      }
      return disabledChanged && change.disabled === true;
    });
    // Access tokens and API keys already fail at once (the guard reads `disabled` per request);
    // revoking refresh tokens also means re-enabling does not revive old sessions.
    if (disabledNow) await this.refreshTokens.revokeAllForUser(userId);
    const updated = await this.users.findById(userId);
    return toUserDto(updated!);
  }
}
