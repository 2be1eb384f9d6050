import { defineStore } from 'pinia';
import type { AdminUpdateUserRequest, AdminUser, Role, UserStatus } from '@agenthub/contracts';
import { adminUsersApi } from '@/api/admin-users.api';
import { useAdminList } from '../shared/use-admin-list';

export interface AdminUserFilters {
  q: string;
  role: Role | '';
  status: UserStatus | '';
}

/** The admin user list: search, role and status filters, paging, each user's agent/chat counts. */
export const useAdminUsersStore = defineStore('admin-users', () => {
  const list = useAdminList<AdminUser, AdminUserFilters>({
    filters: { q: '', role: '', status: '' },
    fetch: (query) => adminUsersApi.list(query),
  });

  /** The PATCH answers a plain user: the counts do not change with roles or status. */
  async function update(id: string, body: AdminUpdateUserRequest): Promise<AdminUser> {
    const user = await adminUsersApi.update(id, body);
    const before = list.items.value.find((u) => u.id === id);
    const merged = { agentCount: 0, chatCount: 0, ...before, ...user };
    list.replace(merged);
    return merged;
  }

  return { ...list, update };
});
