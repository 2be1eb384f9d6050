import type { RouteRecordRaw } from 'vue-router';
import { authRoutes } from '@/features/auth/auth.routes';
import { profileRoutes } from '@/features/profile/profile.routes';
import { apiKeysRoutes } from '@/features/api-keys/api-keys.routes';
import { adminRoutes } from '@/features/admin/admin.routes';
import { storeRoutes } from '@/features/store/store.routes';
import { libraryRoutes } from '@/features/library/library.routes';
import { chatsRoutes } from '@/features/chats/chats.routes';
import { studioRoutes } from '@/features/studio/studio.routes';
import { knowledgeRoutes } from '@/features/knowledge/knowledge.routes';

/** Each feature owns its routes; this list only assembles them. Every page is a lazy chunk. */
export const routes: RouteRecordRaw[] = [
  { path: '/', redirect: { name: 'store' } },
  ...storeRoutes,
  ...libraryRoutes,
  ...chatsRoutes,
  ...studioRoutes,
  ...knowledgeRoutes,
  ...adminRoutes,
  ...authRoutes,
  ...profileRoutes,
  ...apiKeysRoutes,
  {
    path: '/forbidden',
    name: 'forbidden',
    component: () => import('@/app/views/ForbiddenView.vue'),
    meta: { titleKey: 'errors.forbiddenTitle' },
  },
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('@/app/views/NotFoundView.vue'),
    meta: { titleKey: 'errors.notFoundTitle' },
  },
];
