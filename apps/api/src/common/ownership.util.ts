import { DomainError } from './domain-error.js';

export interface Principal {
  id: string;
  roles: readonly string[];
}

export interface OwnershipOptions {
  /** Name of the owner column on the resource; `ownerId` unless given. */
  ownerKey?: string;
  /** Let admins through (for admin screens that operate on anyone's resources). */
  allowAdmin?: boolean;
  /** Used in the 404 message, e.g. "API key". */
  what?: string;
}

/**
 * Narrows `resource` to an existing resource owned by `principal`, else throws 404 — not 403 —
 * so nobody can learn that another user's id exists.
 */
export function assertOwned<T extends object>(
  resource: T | null | undefined,
  principal: Principal,
  options: OwnershipOptions = {},
): asserts resource is T {
  const what = options.what ?? 'Resource';
  if (!resource) throw DomainError.notFound(what);
  const owner = (resource as Record<string, unknown>)[options.ownerKey ?? 'ownerId'];
  if (owner === principal.id) return;
  if (options.allowAdmin && principal.roles.includes('admin')) return;
  throw DomainError.notFound(what);
}
