import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import type { AdminUser } from '@agenthub/contracts';
import { useAdminUsersStore } from './admin-users.store';
import { adminUsersApi } from '@/api/admin-users.api';

const user = (email: string): AdminUser => ({
  id: '11111111-1111-4111-8111-111111111111',
  email,
  displayName: email,
  roles: ['user'],
  disabled: false,
  createdAt: '2026-01-01T00:00:00.000Z',
  agentCount: 0,
  chatCount: 0,
});

describe('admin users store', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('keeps the results of the latest search when an older, slower one answers last', async () => {
    let answerFirst!: (v: { items: AdminUser[]; total: number; page: number; pageSize: number }) => void;
    vi.spyOn(adminUsersApi, 'list')
      .mockImplementationOnce(() => new Promise((resolve) => (answerFirst = resolve)))
      .mockResolvedValueOnce({ items: [user('ada@example.com')], total: 1, page: 1, pageSize: 20 });
    const store = useAdminUsersStore();

    store.filters.q = 'a';
    const first = store.load();
    store.filters.q = 'ada';
    await store.load();
    answerFirst({ items: [user('a1@example.com'), user('a2@example.com')], total: 2, page: 1, pageSize: 20 });
    await first;

    expect(store.items.map((u) => u.email)).toEqual(['ada@example.com']);
    expect(store.total).toBe(1);
    expect(store.loading).toBe(false);
  });
});
