import { reactive, ref, type UnwrapRef } from 'vue';
import type { Page } from '@agenthub/contracts';

/** What a list endpoint gets: the set filters (never `''`) and the page. */
export type ListQuery<F> = { [K in keyof F]?: Exclude<F[K], ''> } & { page: number; pageSize: number };

export interface AdminListOptions<T, F extends object> {
  /** The filters' initial values; `''` means "no filter" and is not sent. */
  filters: F;
  pageSize?: number;
  fetch: (query: ListQuery<F>) => Promise<Page<T>>;
}

/** The query to send: trimmed strings, empty filters left out. */
export function listQuery<F extends object>(filters: F, page: number, pageSize: number): ListQuery<F> {
  const query: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(filters)) {
    const v = typeof value === 'string' ? value.trim() : value;
    if (v !== '' && v !== undefined && v !== null) query[key] = v;
  }
  return { ...query, page, pageSize } as ListQuery<F>;
}

/**
 * An admin list with filters and paging: `applyFilters` goes back to page 1, `load` keeps the
 * page; an older, slower answer never overwrites a newer one. `replace` puts an edited item in place.
 */
export function useAdminList<T extends { id: string }, F extends object>(options: AdminListOptions<T, F>) {
  const filters = reactive({ ...options.filters });
  const page = ref(1);
  const pageSize = options.pageSize ?? 20;
  const items = ref<T[]>([]);
  const total = ref(0);
  const loading = ref(false);
  const loaded = ref(false);
  let latest = 0;

  async function load() {
    const ticket = ++latest;
    loading.value = true;
    try {
      const result = await options.fetch(listQuery(filters as F, page.value, pageSize));
      if (ticket !== latest) return;
      items.value = result.items as UnwrapRef<T[]>;
      total.value = result.total;
      loaded.value = true;
    } finally {
      if (ticket === latest) loading.value = false;
    }
  }

  function applyFilters() {
    page.value = 1;
    return load();
  }

  function replace(item: T) {
    items.value = items.value.map((x) => (x.id === item.id ? item : x)) as UnwrapRef<T[]>;
  }

  return { filters, page, pageSize, items, total, loading, loaded, load, applyFilters, replace };
}
