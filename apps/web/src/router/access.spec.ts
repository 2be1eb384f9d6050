import { describe, expect, it } from 'vitest';
import type { RouteLocationNormalized, RouteRecordNormalized } from 'vue-router';
import type { Role } from '@agenthub/contracts';
import { checkAccess, safeRedirect } from './access';

function route(
  fullPath: string,
  ...metas: RouteRecordNormalized['meta'][]
): Pick<RouteLocationNormalized, 'fullPath' | 'meta' | 'query' | 'matched'> {
  const query = Object.fromEntries(new URL(fullPath, 'http://x').searchParams);
  return {
    fullPath,
    query,
    meta: Object.assign({}, ...metas),
    matched: metas.map((meta) => ({ meta }) as RouteRecordNormalized),
  };
}

const anonymous = { isAuthenticated: false, roles: [] as Role[] };
const user = { isAuthenticated: true, roles: ['user'] as Role[] };
const developer = { isAuthenticated: true, roles: ['user', 'developer'] as Role[] };
const admin = { isAuthenticated: true, roles: ['user', 'admin'] as Role[] };

describe('checkAccess', () => {
  it('lets anyone open public pages', () => {
    expect(checkAccess(route('/store', {}), anonymous)).toBe(true);
  });

  it('sends anonymous visitors of a private page to login, remembering where they were going', () => {
    expect(checkAccess(route('/api-keys?tab=1', { requiresAuth: true }), anonymous)).toEqual({
      name: 'login',
      query: { redirect: '/api-keys?tab=1' },
    });
    expect(checkAccess(route('/admin/users', { roles: ['admin'] }, {}), anonymous)).toEqual({
      name: 'login',
      query: { redirect: '/admin/users' },
    });
  });

  it('shows the 403 page to a signed-in user without the role, including on child routes', () => {
    expect(checkAccess(route('/admin/users', { roles: ['admin'] }, {}), user)).toEqual({
      name: 'forbidden',
      query: { from: '/admin/users' },
    });
    expect(checkAccess(route('/studio', { roles: ['developer', 'admin'] }), user)).toMatchObject({
      name: 'forbidden',
    });
  });

  it('lets users with any of the allowed roles through', () => {
    expect(checkAccess(route('/admin/users', { roles: ['admin'] }, {}), admin)).toBe(true);
    expect(checkAccess(route('/studio', { roles: ['developer', 'admin'] }), developer)).toBe(true);
    expect(checkAccess(route('/studio', { roles: ['developer', 'admin'] }), admin)).toBe(true);
  });

  it('sends a signed-in user away from login to their redirect target', () => {
    expect(checkAccess(route('/login?redirect=/chats', { guestOnly: true }), user)).toBe('/chats');
    expect(checkAccess(route('/login', { guestOnly: true }), user)).toBe('/store');
  });
});

describe('safeRedirect', () => {
  it('refuses off-site targets', () => {
    expect(safeRedirect('https://evil.example/x')).toBe('/store');
    expect(safeRedirect('//evil.example')).toBe('/store');
    expect(safeRedirect('/\\evil.example')).toBe('/store');
    expect(safeRedirect(undefined)).toBe('/store');
    expect(safeRedirect('/profile?x=1')).toBe('/profile?x=1');
  });
});
