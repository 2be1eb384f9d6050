import type { AdminUpdateUserRequest, AdminUser, Page, Role, User, UserStatus } from '@agenthub/contracts';
import { http } from './http-client';

export interface AdminUserListQuery {
  q?: string;
  role?: Role;
  status?: UserStatus;
  page?: number;
  pageSize?: number;
}

export const adminUsersApi = {
  list: (query: AdminUserListQuery) => http.get<Page<AdminUser>>('/admin/users', { ...query }),
  update: (id: string, body: AdminUpdateUserRequest) =>
    http.patch<User>(`/admin/users/${encodeURIComponent(id)}`, body),
};
