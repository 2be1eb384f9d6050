import type { RouteRecordRaw } from 'vue-router';

// Later admin pages (node types, templates, providers, reviews) become siblings of `users`.
export const adminRoutes: RouteRecordRaw[] = [
  {
    path: '/admin',
    meta: { roles: ['admin'] },
    children: [
      { path: '', redirect: { name: 'admin-users' } },
      {
        path: 'users',
        name: 'admin-users',
        component: () => import('./views/AdminUsersView.vue'),
        meta: { titleKey: 'admin.users.title' },
      },
    ],
  },
];
