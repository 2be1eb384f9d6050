import type { Router } from 'vue-router';
import { http } from '@/api/http-client';
import { useAuthStore } from '@/features/auth/auth.store';

/** Connects the request client to the session and sends the user to log in when it expires. */
export function setupHttp(router: Router): void {
  const auth = useAuthStore();
  http.bindSession(
    auth.sessionPort(() => {
      // Public pages (the store) stay where they are, now as a visitor; private ones ask to log in.
      const current = router.currentRoute.value;
      const isPrivate = current.matched.some((r) => r.meta.requiresAuth || r.meta.roles);
      if (isPrivate) void router.push({ name: 'login', query: { redirect: current.fullPath } });
    }),
  );
}
