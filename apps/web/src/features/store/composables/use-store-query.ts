import { computed } from 'vue';
import { useRoute, useRouter, type LocationQuery, type LocationQueryRaw } from 'vue-router';
import { storeSortSchema, type StoreSort } from '@agenthub/contracts';

/** What the store home shows, as held in the URL (`/store?q=…&category=…&tags=a,b&sort=…&page=…`). */
export interface StoreQueryState {
  q: string;
  category: string;
  tags: string[];
  /** Empty means "the default": relevance while searching, else popular. */
  sort: StoreSort | '';
  page: number;
}

// The API's limits: anything beyond them would be a 400, so such values are dropped from the URL.
const MAX_Q = 200;
const MAX_CATEGORY = 80;
const MAX_TAG = 40;
const MAX_TAGS = 20;

export const DEFAULT_STORE_QUERY: Readonly<StoreQueryState> = Object.freeze({
  q: '',
  category: '',
  tags: [],
  sort: '',
  page: 1,
});

/** The order results come in when no sort is chosen. */
export function defaultSort(q: string): StoreSort {
  return q ? 'relevance' : 'popular';
}

function first(value: LocationQuery[string] | undefined): string {
  const v = Array.isArray(value) ? value[0] : value;
  return typeof v === 'string' ? v : '';
}

function parseTags(value: LocationQuery[string] | undefined): string[] {
  const raw = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
  const tags = raw
    .flatMap((v) => v.split(','))
    .map((t) => t.trim())
    .filter((t) => t && t.length <= MAX_TAG);
  return [...new Set(tags)].slice(0, MAX_TAGS);
}

function parseSort(value: string, q: string): StoreSort | '' {
  const parsed = storeSortSchema.safeParse(value);
  if (!parsed.success) return '';
  // Relevance means nothing without a search; the default already covers it with one.
  if (parsed.data === defaultSort(q) || parsed.data === 'relevance') return '';
  return parsed.data;
}

function parsePage(value: string): number {
  if (!/^\d{1,6}$/.test(value)) return 1;
  const n = Number(value);
  return n >= 1 ? n : 1;
}

/** Route query → state; anything missing or invalid falls back to its default. */
export function parseStoreQuery(query: LocationQuery): StoreQueryState {
  const q = first(query.q).trim().slice(0, MAX_Q);
  const category = first(query.category).trim();
  return {
    q,
    category: category.length <= MAX_CATEGORY ? category : '',
    tags: parseTags(query.tags),
    sort: parseSort(first(query.sort), q),
    page: parsePage(first(query.page)),
  };
}

/** State → route query, leaving defaults out so shared links stay short and canonical. */
export function toStoreRouteQuery(state: Partial<StoreQueryState>): LocationQueryRaw {
  const q = (state.q ?? '').trim().slice(0, MAX_Q);
  const query: LocationQueryRaw = {};
  if (q) query.q = q;
  const category = (state.category ?? '').trim();
  if (category && category.length <= MAX_CATEGORY) query.category = category;
  const tags = parseTags((state.tags ?? []).join(','));
  if (tags.length) query.tags = tags.join(',');
  const sort = parseSort(state.sort ?? '', q);
  if (sort) query.sort = sort;
  if (state.page && Number.isInteger(state.page) && state.page > 1) query.page = String(state.page);
  return query;
}

/**
 * The store home's search state, read from and written to the URL so results can be shared and
 * the back button steps through earlier searches. Changing any filter goes back to page 1.
 */
export function useStoreQuery() {
  const route = useRoute();
  const router = useRouter();
  const state = computed(() => parseStoreQuery(route.query));
  const sort = computed<StoreSort>(() => state.value.sort || defaultSort(state.value.q));

  function update(patch: Partial<StoreQueryState>) {
    const next = { ...state.value, page: 1, ...patch };
    return router.push({ query: toStoreRouteQuery(next) });
  }

  function toggleTag(tag: string) {
    const tags = state.value.tags.includes(tag)
      ? state.value.tags.filter((t) => t !== tag)
      : [...state.value.tags, tag];
    return update({ tags });
  }

  function reset() {
    return router.push({ query: {} });
  }

  return { state, sort, update, toggleTag, reset };
}
