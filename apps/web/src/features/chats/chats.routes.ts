import type { RouteRecordRaw } from 'vue-router';

/**
 * One record for `/chats` and `/chats/:id`, so the view (and a stream in progress) survives the
 * URL turning from `/chats?agent=…` into `/chats/:id` when a new conversation's first message
 * creates it.
 */
export const chatsRoutes: RouteRecordRaw[] = [
  {
    path: '/chats/:id?',
    name: 'chats',
    component: () => import('./views/ChatsView.vue'),
    meta: { requiresAuth: true, titleKey: 'nav.chats' },
  },
];
