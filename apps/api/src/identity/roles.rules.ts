import { type AdminUpdateUserRequest, ErrorCodes, type Role, ROLES } from '@agenthub/contracts';
import { DomainError } from '../common/domain-error.js';

/** Roles deduplicated, in the canonical order user, developer, admin. */
export function sortRoles(roles: readonly Role[]): Role[] {
  return ROLES.filter((r) => roles.includes(r));
}

export function rolesForRegistration(developer: boolean): Role[] {
  return developer ? ['user', 'developer'] : ['user'];
}

/**
 * An admin may not lock themself out: removing their own admin role or disabling their own
 * account would leave nobody able to undo it when they are the last admin, so it is refused
 * outright (422) — another admin has to do it.
 */
export function assertAllowedSelfUpdate(
  actorId: string,
  targetId: string,
  change: AdminUpdateUserRequest,
): void {
  if (actorId !== targetId) return;
  if (change.roles && !change.roles.includes('admin')) {
    throw DomainError.unprocessable(ErrorCodes.cannotModifySelf, 'You cannot remove your own admin role', [
      {
        path: 'body.roles',
        code: ErrorCodes.cannotModifySelf,
        message: 'Keep the admin role on your own account',
      },
    ]);
  }
  if (change.disabled === true) {
    throw DomainError.unprocessable(ErrorCodes.cannotModifySelf, 'You cannot disable your own account', [
      {
        path: 'body.disabled',
        code: ErrorCodes.cannotModifySelf,
        message: 'Another admin has to disable this account',
      },
    ]);
  }
}
