import type { RouteRecordRaw } from 'vue-router';

// Issue 6 adds `/store/:slug` (agent page) and `/library` here.
export const storeRoutes: RouteRecordRaw[] = [
  {
    path: '/store',
    name: 'store',
    component: () => import('./views/StoreHomeView.vue'),
    meta: { titleKey: 'nav.store' },
  },
];
