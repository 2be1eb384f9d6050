import { shallowRef } from 'vue';
import type { NodeType, NodeTypeDescriptor } from '@agenthub/contracts';
import { nodeTypesApi } from '@/api/node-types.api';

/** The palette's node types as the canvas and drawer use them (the API's `icon: null` → absent). */
export function toDescriptor(t: NodeType): NodeTypeDescriptor {
  const { icon, ...rest } = t;
  return { ...rest, ...(icon ? { icon } : {}) } as NodeTypeDescriptor;
}

const cache = shallowRef<NodeTypeDescriptor[]>([]);
let loading: Promise<void> | null = null;

/** `GET /api/node-types`, once per page load (the catalog rarely changes while editing). */
export function useNodeTypes() {
  if (!cache.value.length && !loading) {
    loading = nodeTypesApi
      .list()
      .then((page) => void (cache.value = page.items.map(toDescriptor)))
      .catch(() => undefined)
      .finally(() => (loading = null));
  }
  return cache;
}
