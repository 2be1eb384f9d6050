import { TAG_LABELS_ZH, type StoreAgentSummary, type StoreCategoryRef } from '@agenthub/contracts';

/** Anything with a default (English) name and an optional Chinese one: agents, categories, chats' agents. */
type Named = Pick<StoreCategoryRef, 'name' | 'nameZh'>;
type Described = Pick<StoreAgentSummary, 'name' | 'nameZh' | 'description' | 'descriptionZh'>;

const isChinese = (locale: string) => locale.toLowerCase().startsWith('zh');

/** The name in the user's language, falling back to the default (English) one. */
export function localizedName(item: Named, locale: string): string {
  return (isChinese(locale) && item.nameZh) || item.name;
}

/** A tag's label in the user's language (the shared vocabulary), else the tag as typed. */
export function localizedTag(tag: string, locale: string): string {
  const key = tag.toLowerCase();
  return isChinese(locale) && Object.hasOwn(TAG_LABELS_ZH, key) ? TAG_LABELS_ZH[key]! : tag;
}

export function localizedDescription(item: Described, locale: string): string {
  return (isChinese(locale) && item.descriptionZh) || item.description;
}

/** A one-line teaser for cards: the description's first paragraph without markdown syntax. */
export function shortDescription(item: Described, locale: string, max = 140): string {
  const firstParagraph = localizedDescription(item, locale).split(/\n\s*\n/)[0] ?? '';
  const plain = firstParagraph
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[#>*_`~]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return plain.length > max ? `${plain.slice(0, max - 1)}…` : plain;
}

/** Installs and other counts, compact (1.2K, 1.2万) in the user's language. */
export function formatCount(n: number, locale: string): string {
  return new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(n);
}
