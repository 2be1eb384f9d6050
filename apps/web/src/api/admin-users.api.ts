import type { AdminUpdateUserRequest, Page, Role, User } from '@agenthub/contracts';
import { http } from './http-client';

export interface AdminUserListQuery {
  q?: string;
  role?: Role;
  page?: number;
  pageSize?: number;
}

export const adminUsersApi = {
  list: (query: AdminUserListQuery) => http.get<Page<User>>('/admin/users', { ...query }),
  update: (id: string, body: AdminUpdateUserRequest) =>
    http.patch<User>(`/admin/users/${encodeURIComponent(id)}`, body),
};
