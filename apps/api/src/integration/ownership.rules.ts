import type { ServiceConfigScope } from '@agenthub/contracts';
import { DomainError } from '../common/domain-error.js';
import type { Principal } from '../common/ownership.util.js';

/**
 * Who may see and change integration resources (service configs, MCP servers). A resource is
 * either the platform's (`ownerId` null, managed by admins, visible to every signed-in user so
 * developers can bind it) or a developer's own (visible to its owner and admins only).
 */
export interface Owned {
  ownerId: string | null;
}

const isAdmin = (p: Principal) => p.roles.includes('admin');

export function canView(resource: Owned, principal: Principal): boolean {
  return resource.ownerId === null || resource.ownerId === principal.id || isAdmin(principal);
}

/**
 * Narrows to a resource the caller may change: 404 when it is missing or someone else's personal
 * resource (its existence must not leak), 403 when it is a platform resource and the caller is
 * not an admin (everyone can see those, so hiding them would be pointless).
 */
export function assertCanManage<T extends Owned>(
  resource: T | null | undefined,
  principal: Principal,
  what: string,
): asserts resource is T {
  if (!resource || !canView(resource, principal)) throw DomainError.notFound(what);
  if (resource.ownerId === null && !isAdmin(principal)) {
    throw DomainError.forbidden('forbidden', `Only admins can change platform ${what.toLowerCase()}s`);
  }
}

export function assertCanView<T extends Owned>(
  resource: T | null | undefined,
  principal: Principal,
  what: string,
): asserts resource is T {
  if (!resource || !canView(resource, principal)) throw DomainError.notFound(what);
}

/** The owner a new resource gets: admins create platform ones unless they ask otherwise. */
export function ownerForNew(principal: Principal, requested: ServiceConfigScope | undefined): string | null {
  if (isAdmin(principal)) return requested === 'personal' ? principal.id : null;
  if (requested === 'platform') {
    throw DomainError.forbidden('forbidden', 'Only admins can create platform resources');
  }
  return principal.id;
}

export function scopeOf(resource: Owned): ServiceConfigScope {
  return resource.ownerId === null ? 'platform' : 'personal';
}
