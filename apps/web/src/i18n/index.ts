import { createI18n } from 'vue-i18n';
import { en, type MessageSchema } from './locales/en';
import { zhCN } from './locales/zh-CN';
import { type AppLocale, LOCALE_STORAGE_KEY, initialLocale } from './locale';
import { storage } from '@/shared/storage';

export const i18n = createI18n<[MessageSchema], AppLocale, false>({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'en',
  messages: { en, 'zh-CN': zhCN },
  missingWarn: false,
  fallbackWarn: false,
});

export function setLocale(locale: AppLocale): void {
  i18n.global.locale.value = locale;
  storage.set(LOCALE_STORAGE_KEY, locale);
  document.documentElement.lang = locale;
}

export type { AppLocale } from './locale';
