import { ref } from 'vue';
import { defineStore } from 'pinia';
import type { ApiKey, CreatedApiKey } from '@agenthub/contracts';
import { apiKeysApi } from '@/api/api-keys.api';

/** The signed-in user's API keys. The full key of a new one is returned to the caller, never stored here. */
export const useApiKeysStore = defineStore('api-keys', () => {
  const items = ref<ApiKey[]>([]);
  const loading = ref(false);
  const loaded = ref(false);

  async function load() {
    loading.value = true;
    try {
      items.value = (await apiKeysApi.list()).items;
      loaded.value = true;
    } finally {
      loading.value = false;
    }
  }

  async function create(name: string): Promise<CreatedApiKey> {
    const created = await apiKeysApi.create({ name });
    // Keep only the listable fields: the secret must not linger in app state.
    const { key: _secret, ...listed } = created;
    items.value = [listed, ...items.value];
    return created;
  }

  async function revoke(id: string) {
    await apiKeysApi.revoke(id);
    items.value = items.value.filter((k) => k.id !== id);
  }

  return { items, loading, loaded, load, create, revoke };
});
