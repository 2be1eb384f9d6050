import type { RouteRecordRaw } from 'vue-router';

export const studioRoutes: RouteRecordRaw[] = [
  {
    path: '/studio',
    name: 'studio',
    component: () => import('./views/StudioView.vue'),
    meta: { roles: ['developer', 'admin'], titleKey: 'nav.studio' },
  },
];
