import { ref } from 'vue';
import { defineStore } from 'pinia';
import type { HealthReport, RuntimeInstance, SystemSummary } from '@agenthub/contracts';
import { systemApi } from '@/api/system.api';

/**
 * Health of the database, Redis and queue, the platform's own processes (heartbeats), queue depth,
 * the last day's runs, the configuration in force and every runtime instance's last heartbeat.
 */
export const useAdminSystemStore = defineStore('admin-system', () => {
  /** null: the API answered 503 (a dependency is down). */
  const health = ref<HealthReport | null>(null);
  const instances = ref<RuntimeInstance[]>([]);
  const summary = ref<SystemSummary | null>(null);
  const loading = ref(false);
  const loaded = ref(false);

  async function load() {
    loading.value = true;
    try {
      const [h, i, s] = await Promise.all([systemApi.health(), systemApi.instances(), systemApi.summary()]);
      health.value = h;
      summary.value = s;
      instances.value = i.items;
      loaded.value = true;
    } finally {
      loading.value = false;
    }
  }

  return { health, instances, summary, loading, loaded, load };
});
