import { createRouter, createWebHistory, type Router } from 'vue-router';
import { useAuthStore } from '@/features/auth/auth.store';
import { checkAccess } from './access';
import { routes } from './routes';

export function createAppRouter(): Router {
  const router = createRouter({
    history: createWebHistory(import.meta.env.BASE_URL),
    routes,
    scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
  });

  router.beforeEach((to) => {
    const auth = useAuthStore();
    return checkAccess(to, { isAuthenticated: auth.isAuthenticated, roles: auth.roles });
  });

  return router;
}
