import { reactive, ref } from 'vue';
import { defineStore } from 'pinia';
import type { AdminUpdateUserRequest, Role, User } from '@agenthub/contracts';
import { adminUsersApi } from '@/api/admin-users.api';

export interface AdminUserFilters {
  q: string;
  role?: Role | '';
  page: number;
  pageSize: number;
}

export const useAdminUsersStore = defineStore('admin-users', () => {
  const filters = reactive<AdminUserFilters>({ q: '', role: '', page: 1, pageSize: 20 });
  const items = ref<User[]>([]);
  const total = ref(0);
  const loading = ref(false);
  const loaded = ref(false);
  /** Guards against an older, slower search overwriting the results of a newer one. */
  let latest = 0;

  async function load() {
    const ticket = ++latest;
    loading.value = true;
    try {
      const page = await adminUsersApi.list({
        q: filters.q.trim() || undefined,
        role: filters.role || undefined,
        page: filters.page,
        pageSize: filters.pageSize,
      });
      if (ticket !== latest) return;
      items.value = page.items;
      total.value = page.total;
      loaded.value = true;
    } finally {
      if (ticket === latest) loading.value = false;
    }
  }

  async function update(id: string, body: AdminUpdateUserRequest): Promise<User> {
    const user = await adminUsersApi.update(id, body);
    items.value = items.value.map((u) => (u.id === id ? user : u));
    return user;
  }

  return { filters, items, total, loading, loaded, load, update };
});
