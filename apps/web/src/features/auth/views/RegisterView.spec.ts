import { afterEach, describe, expect, it, vi } from 'vitest';
import { mount, type VueWrapper } from '@vue/test-utils';
import { createMemoryHistory, createRouter, type Router } from 'vue-router';
import RegisterView from './RegisterView.vue';
import { useAuthStore } from '../auth.store';
import { settle, testPlugins } from '@/test/render';

function makeRouter(): Router {
  const Blank = { template: '<div />' };
  return createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/register', name: 'register', component: RegisterView },
      { path: '/login', name: 'login', component: Blank },
      { path: '/store', name: 'store', component: Blank },
      { path: '/chats', name: 'chats', component: Blank },
    ],
  });
}

const newUser = {
  id: '0b4f3a43-3c59-4c1e-9a7b-3f1c7c1c2a10',
  email: 'ada@example.com',
  displayName: 'Ada',
  roles: ['user', 'developer'],
  disabled: false,
  createdAt: '2026-01-01T00:00:00.000Z',
};

describe('RegisterView', () => {
  let wrapper: VueWrapper | undefined;
  afterEach(() => {
    wrapper?.unmount();
    document.body.innerHTML = '';
    localStorage.clear();
  });

  async function render(path = '/register') {
    const router = makeRouter();
    await router.push(path);
    wrapper = mount(
      { template: '<router-view />' },
      { global: { plugins: [...testPlugins().plugins, router] }, attachTo: document.body },
    );
    await settle();
    return router;
  }

  async function fill(testId: string, value: string) {
    const input = wrapper!.find<HTMLInputElement>(`input[data-testid="${testId}"]`);
    await input.setValue(value);
  }

  /** Element Plus debounces showing a field error by 100 ms, so wait past that. */
  async function submit() {
    await wrapper!.find('form').trigger('submit');
    await settle(40);
  }

  async function fillValidForm() {
    await fill('register-email', 'ada@example.com');
    await fill('register-name', 'Ada');
    await fill('register-password', 'correct horse');
  }

  it('shows the server’s field errors under the matching inputs', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        Response.json(
          {
            statusCode: 400,
            code: 'validation_failed',
            message: 'Request validation failed',
            details: [
              {
                path: 'body.displayName',
                code: 'too_big',
                message: 'Display name is too long for the server',
              },
            ],
          },
          { status: 400 },
        ),
      ),
    );
    await render();
    await fillValidForm();
    await submit();

    const nameItem = wrapper!.find('input[data-testid="register-name"]').element.closest('.el-form-item')!;
    expect(nameItem.textContent).toContain('Display name is too long for the server');
    // A field error needs no extra banner on top of the form.
    expect(wrapper!.find('[data-testid="form-error"]').exists()).toBe(false);
  });

  it('explains a taken email in the user’s language, under the email field', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        Response.json(
          { statusCode: 409, code: 'email_taken', message: 'Email already registered' },
          { status: 409 },
        ),
      ),
    );
    await render();
    await fillValidForm();
    await submit();

    const emailItem = wrapper!.find('input[data-testid="register-email"]').element.closest('.el-form-item')!;
    expect(emailItem.textContent).toContain('An account with this email already exists.');
  });

  it('does not call the API when the form is invalid', async () => {
    const fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
    await render();
    await fill('register-email', 'not-an-email');
    await fill('register-password', 'short');
    await submit();

    expect(fetchMock).not.toHaveBeenCalled();
    expect(wrapper!.text()).toContain('Enter a valid email address');
    expect(wrapper!.text()).toContain('Password must be at least 8 characters');
  });

  it('registers a developer, signs them in and continues to the page they came for', async () => {
    const fetchMock = vi.fn(async (_input: RequestInfo | URL, _init?: RequestInit) =>
      Response.json(
        { user: newUser, accessToken: 'a1', refreshToken: 'r1', expiresIn: 900 },
        { status: 201 },
      ),
    );
    vi.stubGlobal('fetch', fetchMock);
    const router = await render('/register?redirect=/chats');
    await fillValidForm();
    await wrapper!.find('input[type="checkbox"]').setValue(true);
    await submit();

    expect(JSON.parse(String(fetchMock.mock.calls[0]![1]?.body))).toEqual({
      email: 'ada@example.com',
      displayName: 'Ada',
      password: 'correct horse',
      developer: true,
    });
    expect(router.currentRoute.value.fullPath).toBe('/chats');
    expect(useAuthStore().hasRole('developer')).toBe(true);
    expect(localStorage.getItem('agenthub.refreshToken')).toBe('r1');
  });
});
