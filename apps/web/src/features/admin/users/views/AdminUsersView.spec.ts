import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mount, type VueWrapper } from '@vue/test-utils';
import type { User } from '@agenthub/contracts';
import AdminUsersView from './AdminUsersView.vue';
import { http } from '@/api/http-client';
import { settle, testPlugins } from '@/test/render';

const ada: User = {
  id: '11111111-1111-4111-8111-111111111111',
  email: 'ada@example.com',
  displayName: 'Ada',
  roles: ['user'],
  disabled: false,
  createdAt: '2026-01-02T10:00:00.000Z',
};
const bob: User = {
  id: '22222222-2222-4222-8222-222222222222',
  email: 'bob@example.com',
  displayName: 'Bob',
  roles: ['user', 'developer'],
  disabled: false,
  createdAt: '2026-01-03T10:00:00.000Z',
};

type Call = { method: string; url: string; body?: Record<string, unknown> };

function stubApi() {
  const calls: Call[] = [];
  const users = [ada, bob].map((u) => ({ ...u }));
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input);
      const method = init?.method ?? 'GET';
      const body = init?.body ? (JSON.parse(String(init.body)) as Record<string, unknown>) : undefined;
      calls.push({ method, url, body });
      if (method === 'GET') {
        const q = new URL(url, 'http://x').searchParams.get('q') ?? '';
        const items = users.filter((u) => u.email.includes(q));
        return Response.json({ items, total: items.length, page: 1, pageSize: 20 });
      }
      const user = users.find((u) => url.endsWith(u.id))!;
      Object.assign(user, body);
      return Response.json(user);
    }),
  );
  return calls;
}

const rows = () =>
  [...document.querySelectorAll('[data-testid="users-table"] .el-table__body tr')].map(
    (tr) => tr.textContent ?? '',
  );

describe('AdminUsersView', () => {
  let wrapper: VueWrapper | undefined;
  let calls: Call[];

  beforeEach(() => {
    calls = stubApi();
    http.bindSession({
      accessToken: () => 'admin-token',
      refreshToken: () => 'r',
      update: vi.fn(),
      expire: vi.fn(),
    });
  });
  afterEach(() => {
    wrapper?.unmount();
    http.bindSession(null);
    document.body.innerHTML = '';
  });

  async function render() {
    wrapper = mount(AdminUsersView, { global: { plugins: testPlugins().plugins }, attachTo: document.body });
    await settle();
  }

  it('lists users with their roles and searches once the admin stops typing', async () => {
    await render();
    expect(rows()).toHaveLength(2);
    expect(rows()[1]).toContain('Developer');

    const search = wrapper!.find<HTMLInputElement>('input[data-testid="users-search"]');
    await search.setValue('a');
    await search.setValue('ad');
    await search.setValue('ada');
    await settle(80);

    const searches = calls.filter((c) => c.method === 'GET').slice(1);
    expect(searches.map((c) => c.url)).toEqual(['/api/admin/users?q=ada&page=1&pageSize=20']);
    expect(rows()).toHaveLength(1);
    expect(rows()[0]).toContain('ada@example.com');
  });

  it('gives a user the developer role', async () => {
    await render();
    document.querySelectorAll<HTMLElement>('[data-testid="edit-roles"]')[0]!.click();
    await settle(5);
    document.querySelector<HTMLInputElement>('[data-testid="role-developer"] input')!.click();
    await settle();
    document.querySelector<HTMLElement>('[data-testid="roles-save"]')!.click();
    await settle(5);

    expect(calls.find((c) => c.method === 'PATCH')).toEqual({
      method: 'PATCH',
      url: `/api/admin/users/${ada.id}`,
      body: { roles: ['user', 'developer'] },
    });
    expect(rows()[0]).toContain('Developer');
  });

  it('disables a user only after confirmation', async () => {
    await render();
    document.querySelectorAll<HTMLElement>('[data-testid="toggle-disabled"]')[1]!.click();
    await settle(5);
    expect(document.querySelector('.el-message-box')?.textContent).toContain('Disable Bob?');
    document.querySelector<HTMLElement>('.el-message-box .el-button--danger')!.click();
    await settle(5);

    expect(calls.find((c) => c.method === 'PATCH')).toEqual({
      method: 'PATCH',
      url: `/api/admin/users/${bob.id}`,
      body: { disabled: true },
    });
    expect(rows()[1]).toContain('Disabled');
    expect(rows()[1]).toContain('Enable');
  });
});
