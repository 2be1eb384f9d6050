import { afterEach, describe, expect, it } from 'vitest';
import { mount, type VueWrapper } from '@vue/test-utils';
import { createMemoryHistory, createRouter } from 'vue-router';
import type { Role } from '@agenthub/contracts';
import AppHeader from './AppHeader.vue';
import { useAuthStore } from '@/features/auth/auth.store';
import { settle, testPlugins } from '@/test/render';

function router() {
  const Blank = { template: '<div />' };
  const names = [
    'store',
    'library',
    'chats',
    'studio',
    'knowledge',
    'admin-users',
    'login',
    'register',
    'profile',
    'api-keys',
  ];
  return createRouter({
    history: createMemoryHistory(),
    routes: names.map((name) => ({ path: `/${name}`, name, component: Blank })),
  });
}

describe('AppHeader navigation', () => {
  let wrapper: VueWrapper | undefined;
  afterEach(() => {
    wrapper?.unmount();
    localStorage.clear();
  });

  async function renderAs(roles: Role[] | null) {
    const { plugins } = testPlugins();
    if (roles) {
      useAuthStore().setSession({
        user: {
          id: '0b4f3a43-3c59-4c1e-9a7b-3f1c7c1c2a10',
          email: 'a@b.c',
          displayName: 'Ada',
          roles,
          disabled: false,
          createdAt: '2026-01-01T00:00:00.000Z',
        },
        accessToken: 'a',
        refreshToken: 'r',
        expiresIn: 900,
      });
    }
    wrapper = mount(AppHeader, { global: { plugins: [...plugins, router()] } });
    await settle();
    return wrapper.findAll('nav a').map((a) => a.text());
  }

  it('shows Store and Chats and the login links to visitors', async () => {
    expect(await renderAs(null)).toEqual(['Store', 'Chats']);
    expect(wrapper!.text()).toContain('Log in');
    expect(wrapper!.text()).toContain('Sign up');
  });

  it('adds Studio for developers and Admin for admins', async () => {
    expect(await renderAs(['user'])).toEqual(['Store', 'Library', 'Chats']);
    wrapper!.unmount();
    expect(await renderAs(['user', 'developer'])).toEqual([
      'Store',
      'Library',
      'Chats',
      'Studio',
      'Knowledge bases',
    ]);
    wrapper!.unmount();
    expect(await renderAs(['user', 'admin'])).toEqual([
      'Store',
      'Library',
      'Chats',
      'Studio',
      'Knowledge bases',
      'Admin',
    ]);
    expect(wrapper!.find('[data-testid="user-menu"]').text()).toContain('Ada');
  });
});
