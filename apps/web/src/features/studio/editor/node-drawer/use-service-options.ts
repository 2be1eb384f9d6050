import { ref, watch, type Ref } from 'vue';
import type { ServiceConfig } from '@agenthub/contracts';
import { serviceConfigsApi } from '@/api/service-configs.api';

/** Platform configs first (the default among them first), then the user's own, each by name. */
function byScope(a: ServiceConfig, b: ServiceConfig): number {
  if (a.scope !== b.scope) return a.scope === 'platform' ? -1 : 1;
  if (a.isDefault !== b.isDefault) return a.isDefault ? -1 : 1;
  return a.name.localeCompare(b.name);
}

/**
 * The service configs the developer may bind for each service role a node needs (a role is a
 * service type, e.g. `llm`), loaded once per role.
 */
export function useServiceOptions(roles: Ref<readonly string[]>) {
  const options = ref<Record<string, ServiceConfig[]>>({});
  const failed = ref(false);
  const requested = new Set<string>();

  watch(
    roles,
    (list) => {
      for (const role of list) {
        if (requested.has(role)) continue;
        requested.add(role);
        serviceConfigsApi
          .list({ serviceType: role })
          .then((page) => {
            options.value = { ...options.value, [role]: [...page.items].sort(byScope) };
          })
          .catch(() => {
            requested.delete(role);
            failed.value = true;
          });
      }
    },
    { immediate: true },
  );

  return { options, failed };
}
