import { afterEach, describe, expect, it, vi } from 'vitest';
import { mount, type VueWrapper } from '@vue/test-utils';
import { createMemoryHistory, createRouter } from 'vue-router';
import LoginView from './LoginView.vue';
import { settle, testPlugins } from '@/test/render';

const admin = {
  id: '0b4f3a43-3c59-4c1e-9a7b-3f1c7c1c2a11',
  email: 'admin@localhost',
  displayName: 'Administrator',
  roles: ['user', 'developer', 'admin'],
  disabled: false,
  createdAt: '2026-01-01T00:00:00.000Z',
};

describe('LoginView', () => {
  let wrapper: VueWrapper | undefined;
  afterEach(() => {
    wrapper?.unmount();
    document.body.innerHTML = '';
    localStorage.clear();
    vi.unstubAllGlobals();
  });

  async function render() {
    const Blank = { template: '<div />' };
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [
        { path: '/login', name: 'login', component: LoginView },
        { path: '/register', name: 'register', component: Blank },
        { path: '/store', name: 'store', component: Blank },
      ],
    });
    await router.push('/login');
    wrapper = mount(
      { template: '<router-view />' },
      { global: { plugins: [...testPlugins().plugins, router] }, attachTo: document.body },
    );
    await settle();
    return router;
  }

  async function signIn(email: string, password: string) {
    await wrapper!.find<HTMLInputElement>('input[data-testid="login-email"]').setValue(email);
    await wrapper!.find<HTMLInputElement>('input[data-testid="login-password"]').setValue(password);
    await wrapper!.find('form').trigger('submit');
    await settle(40);
  }

  it('signs in the embedded-mode admin, whose address has no top-level domain', async () => {
    const fetchMock = vi.fn(async (_input: RequestInfo | URL, _init?: RequestInit) =>
      Response.json({ user: admin, accessToken: 'a', refreshToken: 'r' }),
    );
    vi.stubGlobal('fetch', fetchMock);
    const router = await render();
    await signIn('admin@localhost', 'the-printed-password');

    expect(wrapper!.text()).not.toContain('Enter a valid email address');
    expect(fetchMock).toHaveBeenCalledTimes(1);
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(String(url)).toContain('/api/auth/login');
    expect(JSON.parse(String(init?.body))).toEqual({
      email: 'admin@localhost',
      password: 'the-printed-password',
    });
    expect(router.currentRoute.value.path).toBe('/store');
  });

  it('refuses what is not an address without calling the API', async () => {
    const fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
    await render();
    await signIn('admin', 'whatever');

    expect(fetchMock).not.toHaveBeenCalled();
    expect(wrapper!.text()).toContain('Enter a valid email address');
  });
});
