import type { RouteRecordRaw } from 'vue-router';

export const storeRoutes: RouteRecordRaw[] = [
  {
    path: '/store',
    name: 'store',
    component: () => import('./views/StoreHomeView.vue'),
    meta: { titleKey: 'nav.store' },
  },
  {
    // Public like the store home: visitors may read about an agent before signing up.
    path: '/store/:slug',
    name: 'store-agent',
    component: () => import('./views/AgentView.vue'),
    props: true,
    meta: { titleKey: 'nav.store' },
  },
];
