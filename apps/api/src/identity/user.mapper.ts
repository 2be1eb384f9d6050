import type { User } from '@agenthub/contracts';
import type { UserEntity } from './user.entity.js';
import { sortRoles } from './roles.rules.js';

export function toUserDto(user: UserEntity): User {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    roles: sortRoles(user.roles),
    disabled: user.disabled,
    createdAt: user.createdAt.toISOString(),
  };
}
