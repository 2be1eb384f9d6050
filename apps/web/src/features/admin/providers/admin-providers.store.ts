import { ref } from 'vue';
import { defineStore } from 'pinia';
import type {
  CreateServiceConfigRequest,
  Provider,
  ServiceConfig,
  UpdateServiceConfigRequest,
} from '@agenthub/contracts';
import { providersApi, serviceConfigsApi } from '@/api/integration.api';

export interface ConnectionTest {
  config: ServiceConfig;
  /** Round trip of the test as the browser saw it. */
  latencyMs: number;
}

/** Providers and the platform's service configs (secrets are only ever held masked). */
export const useAdminProvidersStore = defineStore('admin-providers', () => {
  const providers = ref<Provider[]>([]);
  const configs = ref<ServiceConfig[]>([]);
  const loading = ref(false);
  const loaded = ref(false);

  async function load() {
    loading.value = true;
    try {
      const [p, c] = await Promise.all([
        providersApi.list(),
        serviceConfigsApi.list({ scope: 'platform', pageSize: 100 }),
      ]);
      providers.value = p.items;
      configs.value = c.items;
      loaded.value = true;
    } finally {
      loading.value = false;
    }
  }

  function put(config: ServiceConfig) {
    const exists = configs.value.some((c) => c.id === config.id);
    configs.value = exists
      ? configs.value.map((c) => (c.id === config.id ? config : c))
      : [...configs.value, config];
  }

  async function create(body: CreateServiceConfigRequest) {
    const created = await serviceConfigsApi.create({ ...body, scope: 'platform' });
    put(created);
    return created;
  }

  async function update(id: string, body: UpdateServiceConfigRequest) {
    const updated = await serviceConfigsApi.update(id, body);
    put(updated);
    return updated;
  }

  async function remove(id: string) {
    await serviceConfigsApi.remove(id);
    configs.value = configs.value.filter((c) => c.id !== id);
  }

  async function test(id: string): Promise<ConnectionTest> {
    const started = performance.now();
    const config = await serviceConfigsApi.validate(id);
    const latencyMs = Math.round(performance.now() - started);
    put(config);
    return { config, latencyMs };
  }

  /** One default per service type: the previous default of that type stops being one. */
  async function makeDefault(id: string) {
    const updated = await serviceConfigsApi.makeDefault(id);
    configs.value = configs.value.map((c) =>
      c.id === id ? updated : c.serviceType === updated.serviceType ? { ...c, isDefault: false } : c,
    );
  }

  function provider(id: string): Provider | undefined {
    return providers.value.find((p) => p.id === id);
  }

  return { providers, configs, loading, loaded, load, create, update, remove, test, makeDefault, provider };
});
