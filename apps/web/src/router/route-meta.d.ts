import 'vue-router';
import type { Role } from '@agenthub/contracts';

declare module 'vue-router' {
  interface RouteMeta {
    /** Signed-in users only; anonymous visitors go to /login?redirect=… */
    requiresAuth?: boolean;
    /** Signed-in users with at least one of these roles; others see the 403 page. */
    roles?: readonly Role[];
    /** Login/register: a signed-in user is sent on to where they were going. */
    guestOnly?: boolean;
    /** i18n key of the page title shown in the browser tab. */
    titleKey?: string;
  }
}
