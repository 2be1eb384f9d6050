import { ref } from 'vue';
import { defineStore } from 'pinia';
import type { LibraryItem } from '@agenthub/contracts';
import { storeApi } from '@/api/store.api';

export const LIBRARY_PAGE_SIZE = 20;

/** The signed-in user's installed agents. */
export const useLibraryStore = defineStore('library', () => {
  const items = ref<LibraryItem[]>([]);
  const total = ref(0);
  const page = ref(1);
  const loading = ref(false);
  const loaded = ref(false);

  async function load(n = page.value) {
    loading.value = true;
    try {
      const result = await storeApi.library({ page: n, pageSize: LIBRARY_PAGE_SIZE });
      items.value = result.items;
      total.value = result.total;
      page.value = result.page;
      loaded.value = true;
    } finally {
      loading.value = false;
    }
  }

  async function uninstall(agentId: string) {
    await storeApi.uninstall(agentId);
    items.value = items.value.filter((i) => i.agent.id !== agentId);
    total.value = Math.max(0, total.value - 1);
  }

  return { items, total, page, loading, loaded, load, uninstall };
});
