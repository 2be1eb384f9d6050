import type { RouteRecordRaw } from 'vue-router';

export const apiKeysRoutes: RouteRecordRaw[] = [
  {
    path: '/account/api-keys',
    name: 'api-keys',
    component: () => import('./views/ApiKeysView.vue'),
    meta: { requiresAuth: true, titleKey: 'apiKeys.title' },
  },
];
