import { DomainError } from '../common/domain-error.js';
import type { Principal } from '../common/ownership.util.js';

/**
 * Who may see and change a base. Personal bases: their owner (and admins). Platform-wide bases
 * (no owner): every developer may read and search them, only admins change them. A base someone
 * may not read is "not found" (404) so its id cannot be probed.
 */
export function assertCanRead<T extends { ownerId: string | null }>(
  base: T | null,
  user: Principal,
): asserts base is T {
  if (!base) throw DomainError.notFound('Knowledge base');
  if (base.ownerId === null || base.ownerId === user.id || user.roles.includes('admin')) return;
  throw DomainError.notFound('Knowledge base');
}

export function assertCanWrite<T extends { ownerId: string | null }>(
  base: T | null,
  user: Principal,
): asserts base is T {
  assertCanRead(base, user);
  if (base.ownerId === user.id || user.roles.includes('admin')) return;
  throw DomainError.forbidden('forbidden', 'Only an admin can change a platform-wide knowledge base');
}

/** At run time: the agent owner's own bases and platform-wide ones (the agent's users read through it). */
export function usableByOwner(base: { ownerId: string | null }, ownerId: string | null): boolean {
  return base.ownerId === null || base.ownerId === ownerId;
}
