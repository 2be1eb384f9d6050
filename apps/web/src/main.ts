// First: the contracts' zod schemas are created by the imports below (see the file).
import './app/zod-jitless.setup';
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import 'element-plus/theme-chalk/base.css';
import './app/styles.css';
import './app/theme.css';
import App from './app/App.vue';
import { i18n } from './i18n';
import { createAppRouter } from './router';
import { setupHttp } from './app/setup-http';
import { useTheme } from './shared/composables/use-theme';
import { useAuthStore } from './features/auth/auth.store';

const app = createApp(App);
app.use(createPinia());
app.use(i18n);
const router = createAppRouter();
setupHttp(router);
app.use(router);
useTheme();
document.documentElement.lang = i18n.global.locale.value;

// Roles may have changed since the last visit (an admin granted `developer`): re-read them.
void useAuthStore()
  .refreshUser()
  .catch(() => undefined);

app.mount('#app');
