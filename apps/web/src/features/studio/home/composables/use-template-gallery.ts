import { reactive, ref } from 'vue';
import type { WorkflowDefinition, WorkflowTemplateSummary } from '@agenthub/contracts';
import { workflowTemplatesApi } from '@/api/workflow-templates.api';

/**
 * The gallery's data: published templates filtered by search text and category (newest request
 * wins), the categories seen on the unfiltered list, and each template's definition for its
 * preview graph, fetched once per template.
 */
export function useTemplateGallery() {
  const filters = reactive({ q: '', category: '' });
  const items = ref<WorkflowTemplateSummary[]>([]);
  const categories = ref<string[]>([]);
  const loading = ref(false);
  const loaded = ref(false);
  // Template definitions are workflow definitions whose strings may hold `{{params.x}}`.
  const definitions = reactive(new Map<string, WorkflowDefinition>());
  let controller: AbortController | null = null;

  async function loadDefinition(id: string) {
    if (definitions.has(id)) return;
    try {
      definitions.set(id, (await workflowTemplatesApi.get(id)).definition as WorkflowDefinition);
    } catch {
      // The card still shows its facts; only the graph is missing.
    }
  }

  /** Throws what the API threw (not aborts); an answer overtaken by a newer request is dropped. */
  async function load() {
    controller?.abort();
    const mine = new AbortController();
    controller = mine;
    loading.value = true;
    try {
      const page = await workflowTemplatesApi.search(
        { q: filters.q.trim() || undefined, category: filters.category || undefined, pageSize: 100 },
        mine.signal,
      );
      if (controller !== mine) return;
      items.value = page.items;
      if (!filters.q.trim() && !filters.category)
        categories.value = [...new Set(page.items.map((i) => i.category))];
      loaded.value = true;
      for (const item of page.items) void loadDefinition(item.id);
    } catch (err) {
      if (controller === mine && !(err instanceof DOMException && err.name === 'AbortError')) throw err;
    } finally {
      if (controller === mine) loading.value = false;
    }
  }

  return { filters, items, categories, loading, loaded, definitions, load };
}
