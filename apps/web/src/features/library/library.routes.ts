import type { RouteRecordRaw } from 'vue-router';

export const libraryRoutes: RouteRecordRaw[] = [
  {
    path: '/library',
    name: 'library',
    component: () => import('./views/LibraryView.vue'),
    meta: { requiresAuth: true, titleKey: 'nav.library' },
  },
];
