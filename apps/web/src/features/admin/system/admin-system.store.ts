import { ref } from 'vue';
import { defineStore } from 'pinia';
import type { HealthReport, RuntimeInstance } from '@agenthub/contracts';
import { systemApi } from '@/api/system.api';

/** Health of the database, Redis and queue, and every runtime instance's last heartbeat. */
export const useAdminSystemStore = defineStore('admin-system', () => {
  /** null: the API answered 503 (a dependency is down). */
  const health = ref<HealthReport | null>(null);
  const instances = ref<RuntimeInstance[]>([]);
  const loading = ref(false);
  const loaded = ref(false);

  async function load() {
    loading.value = true;
    try {
      const [h, i] = await Promise.all([systemApi.health(), systemApi.instances()]);
      health.value = h;
      instances.value = i.items;
      loaded.value = true;
    } finally {
      loading.value = false;
    }
  }

  return { health, instances, loading, loaded, load };
});
