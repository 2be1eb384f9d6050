import type { RouteLocationNormalized, RouteLocationRaw } from 'vue-router';
import type { Role } from '@agenthub/contracts';

export interface Viewer {
  isAuthenticated: boolean;
  roles: readonly Role[];
}

/**
 * Only same-app paths are accepted as a post-login target, so a crafted
 * `/login?redirect=https://evil.example` link cannot bounce users off-site.
 */
export function safeRedirect(value: unknown, fallback = '/store'): string {
  if (
    typeof value !== 'string' ||
    !value.startsWith('/') ||
    value.startsWith('//') ||
    value.startsWith('/\\')
  )
    return fallback;
  return value;
}

/** Decides where a navigation may go; `true` lets it through. Pure so it is testable without a router. */
export function checkAccess(
  to: Pick<RouteLocationNormalized, 'fullPath' | 'meta' | 'query' | 'matched'>,
  viewer: Viewer,
): true | RouteLocationRaw {
  // Meta is merged from parent records, so a guarded parent protects all its children.
  const requiresAuth = to.matched.some((r) => r.meta.requiresAuth || r.meta.roles);
  const roles = to.matched.flatMap((r) => r.meta.roles ?? []);
  const guestOnly = to.matched.some((r) => r.meta.guestOnly);

  if (guestOnly && viewer.isAuthenticated) return safeRedirect(to.query.redirect);
  if (requiresAuth && !viewer.isAuthenticated) return { name: 'login', query: { redirect: to.fullPath } };
  if (roles.length > 0 && !roles.some((r) => viewer.roles.includes(r))) {
    return { name: 'forbidden', query: { from: to.fullPath } };
  }
  return true;
}
