import { ref } from 'vue';
import { defineStore } from 'pinia';
import type {
  CreateServiceConfigRequest,
  Provider,
  ServiceConfig,
  ServiceConfigScope,
  UpdateServiceConfigRequest,
} from '@agenthub/contracts';
import { providersApi, serviceConfigsApi } from '@/api/integration.api';

export interface ConnectionTest {
  config: ServiceConfig;
  /** Round trip of the test as the browser saw it. */
  latencyMs: number;
}

/**
 * Providers and the service configs of one scope (secrets are only ever held masked): the
 * admin console's platform configs, the Studio's personal ones. `ownerId` narrows a personal
 * list to one user (an admin's listing of personal configs holds everyone's).
 */
function defineServiceConfigsStore(id: string, scope: ServiceConfigScope) {
  return defineStore(id, () => {
    const providers = ref<Provider[]>([]);
    const configs = ref<ServiceConfig[]>([]);
    const loading = ref(false);
    const loaded = ref(false);

    async function load(ownerId?: string) {
      loading.value = true;
      try {
        const [p, c] = await Promise.all([
          providersApi.list(),
          serviceConfigsApi.list({ scope, pageSize: 100 }),
        ]);
        providers.value = p.items;
        configs.value = ownerId ? c.items.filter((x) => x.ownerId === ownerId) : c.items;
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
      const created = await serviceConfigsApi.create({ ...body, scope });
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

    return {
      scope,
      providers,
      configs,
      loading,
      loaded,
      load,
      create,
      update,
      remove,
      test,
      makeDefault,
      provider,
    };
  });
}

export const usePlatformServiceConfigsStore = defineServiceConfigsStore(
  'platform-service-configs',
  'platform',
);
export const useMyServiceConfigsStore = defineServiceConfigsStore('my-service-configs', 'personal');
export type ServiceConfigsStore = ReturnType<typeof usePlatformServiceConfigsStore>;
