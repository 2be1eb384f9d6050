import { storage } from '@/shared/storage';

export const SUPPORTED_LOCALES = ['en', 'zh-CN'] as const;
export type AppLocale = (typeof SUPPORTED_LOCALES)[number];
export const LOCALE_STORAGE_KEY = 'agenthub.locale';

/** Names shown in the switcher, each in its own language so anyone can find theirs. */
export const LOCALE_NAMES: Record<AppLocale, string> = { en: 'English', 'zh-CN': '简体中文' };

export function isAppLocale(value: unknown): value is AppLocale {
  return typeof value === 'string' && (SUPPORTED_LOCALES as readonly string[]).includes(value);
}

/** The remembered choice wins; otherwise the first browser language we support (any zh-* → zh-CN). */
export function detectLocale(remembered: string | null, browserLanguages: readonly string[]): AppLocale {
  if (isAppLocale(remembered)) return remembered;
  for (const lang of browserLanguages) {
    const lower = lang.toLowerCase();
    if (lower.startsWith('zh')) return 'zh-CN';
    if (lower.startsWith('en')) return 'en';
  }
  return 'en';
}

export function initialLocale(): AppLocale {
  const langs =
    typeof navigator === 'undefined'
      ? []
      : navigator.languages?.length
        ? navigator.languages
        : [navigator.language];
  return detectLocale(storage.get(LOCALE_STORAGE_KEY), langs);
}
