import { ref } from 'vue';
import { defineStore } from 'pinia';
import type {
  CreateNodeTypeRequest,
  NodeType,
  NodeTypeUsage,
  UpdateNodeTypeRequest,
} from '@agenthub/contracts';
import { nodeTypesApi } from '@/api/node-types.api';

/** The node type catalog as the admin console edits it, with where each type is used. */
export const useAdminNodeTypesStore = defineStore('admin-node-types', () => {
  const items = ref<NodeType[]>([]);
  const usage = ref<Record<string, NodeTypeUsage>>({});
  const loading = ref(false);
  const loaded = ref(false);

  async function load() {
    loading.value = true;
    try {
      items.value = (await nodeTypesApi.list()).items;
      loaded.value = true;
    } finally {
      loading.value = false;
    }
    // Usage is secondary: the list shows while the counts arrive.
    await Promise.allSettled(items.value.map((n) => loadUsage(n.typeName)));
  }

  async function loadUsage(typeName: string): Promise<NodeTypeUsage> {
    const result = await nodeTypesApi.usage(typeName);
    usage.value = { ...usage.value, [typeName]: result };
    return result;
  }

  async function create(body: CreateNodeTypeRequest): Promise<NodeType> {
    const created = await nodeTypesApi.create(body);
    items.value = [...items.value, created];
    return created;
  }

  async function update(typeName: string, body: UpdateNodeTypeRequest): Promise<NodeType> {
    const updated = await nodeTypesApi.update(typeName, body);
    items.value = items.value.map((n) => (n.typeName === typeName ? updated : n));
    return updated;
  }

  async function remove(typeName: string): Promise<void> {
    await nodeTypesApi.remove(typeName);
    items.value = items.value.filter((n) => n.typeName !== typeName);
    const { [typeName]: _gone, ...rest } = usage.value;
    usage.value = rest;
  }

  /** Executor kinds: every built-in type specialises one, so the built-ins name them all. */
  function executorKinds(): string[] {
    return [...new Set(items.value.filter((n) => n.builtin).map((n) => n.kind))].sort();
  }

  return { items, usage, loading, loaded, load, loadUsage, create, update, remove, executorKinds };
});
