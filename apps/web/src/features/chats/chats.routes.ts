import type { RouteRecordRaw } from 'vue-router';

// Issue 6 adds `/chats/:id` (conversation view) as a child here.
export const chatsRoutes: RouteRecordRaw[] = [
  {
    path: '/chats',
    name: 'chats',
    component: () => import('./views/ChatsView.vue'),
    meta: { requiresAuth: true, titleKey: 'nav.chats' },
  },
];
