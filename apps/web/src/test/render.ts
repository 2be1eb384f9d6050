import type { Plugin } from 'vue';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { createI18n } from 'vue-i18n';
import { en } from '@/i18n/locales/en';
import { zhCN } from '@/i18n/locales/zh-CN';

/** Fresh plugins for a component test: an isolated Pinia and an English i18n. */
export function testPlugins(): { pinia: Pinia; plugins: Plugin[] } {
  const pinia = createPinia();
  setActivePinia(pinia);
  const i18n = createI18n({
    legacy: false,
    locale: 'en',
    fallbackLocale: 'en',
    messages: { en, 'zh-CN': zhCN },
    missingWarn: false,
    fallbackWarn: false,
  });
  return { pinia, plugins: [pinia, i18n as unknown as Plugin] };
}

/** Lets pending promises, Vue updates and Element Plus transitions settle. */
export async function settle(ms = 0): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await new Promise((r) => setTimeout(r, ms));
  }
}
