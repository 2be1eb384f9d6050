import { ref } from 'vue';
import { defineStore } from 'pinia';
import type { Recommendation, StoreAgentSummary, StoreCategoryNode, StoreSort } from '@agenthub/contracts';
import { storeApi } from '@/api/store.api';

export const STORE_PAGE_SIZE = 12;

export interface StoreSearch {
  q: string;
  category: string;
  tags: readonly string[];
  sort: StoreSort;
  page: number;
}

/** The store home: search results, the category tree and the signed-in user's recommendations. */
export const useStoreCatalogStore = defineStore('store-catalog', () => {
  const items = ref<StoreAgentSummary[]>([]);
  const total = ref(0);
  const loading = ref(false);
  const loaded = ref(false);
  const categories = ref<StoreCategoryNode[]>([]);
  const recommendations = ref<Recommendation[]>([]);
  /** Guards against an older, slower search overwriting the results of a newer one. */
  let latest = 0;

  async function search(params: StoreSearch) {
    const ticket = ++latest;
    loading.value = true;
    try {
      const page = await storeApi.search({
        q: params.q || undefined,
        category: params.category || undefined,
        tags: params.tags,
        sort: params.sort,
        page: params.page,
        pageSize: STORE_PAGE_SIZE,
      });
      if (ticket !== latest) return;
      items.value = page.items;
      total.value = page.total;
      loaded.value = true;
    } finally {
      if (ticket === latest) loading.value = false;
    }
  }

  async function loadCategories() {
    categories.value = (await storeApi.categories()).items;
  }

  async function loadRecommendations() {
    recommendations.value = (await storeApi.recommendations(6)).items;
  }

  function clearRecommendations() {
    recommendations.value = [];
  }

  return {
    items,
    total,
    loading,
    loaded,
    categories,
    recommendations,
    search,
    loadCategories,
    loadRecommendations,
    clearRecommendations,
  };
});
