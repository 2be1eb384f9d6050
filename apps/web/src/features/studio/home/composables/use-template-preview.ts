import { ref, watch, type Ref } from 'vue';
import type { TemplateInstance } from '@agenthub/contracts';
import { workflowTemplatesApi } from '@/api/workflow-templates.api';
import { useDebouncedFn } from '@/shared/composables/use-debounced-fn';

/** How long parameter edits must pause before the preview is rebuilt. */
export const PREVIEW_DELAY_MS = 400;

/**
 * The template instantiated with the parameters being edited, rebuilt by the API (without
 * counting a usage) once edits pause. Stale answers are dropped: only the newest request lands.
 */
export function useTemplatePreview(templateId: Ref<string | null>, parameters: Ref<Record<string, unknown>>) {
  const instance = ref<TemplateInstance | null>(null);
  const loading = ref(false);
  const error = ref<unknown>(null);
  let controller: AbortController | null = null;

  async function refresh() {
    const id = templateId.value;
    if (!id) return;
    controller?.abort();
    const mine = new AbortController();
    controller = mine;
    loading.value = true;
    try {
      const result = await workflowTemplatesApi.preview(id, { ...parameters.value }, mine.signal);
      if (controller !== mine) return;
      instance.value = result;
      error.value = null;
    } catch (err) {
      if (controller !== mine) return;
      // A half-typed parameter is often invalid: keep the last good graph, show why.
      error.value = err;
    } finally {
      if (controller === mine) loading.value = false;
    }
  }

  const debounced = useDebouncedFn(() => void refresh(), PREVIEW_DELAY_MS);

  watch(templateId, () => {
    instance.value = null;
    error.value = null;
    debounced.cancel();
    void refresh();
  });
  watch(parameters, () => debounced.run(), { deep: true });

  return { instance, loading, error, refresh };
}

/** The text each node will use (system prompt, prompt or fixed text), for a glance at the result. */
export function nodePrompts(definition: Record<string, unknown> | null | undefined) {
  const nodes = (definition?.nodes ?? []) as Array<{
    id: string;
    name?: string;
    type: string;
    config?: Record<string, unknown>;
  }>;
  return nodes
    .map((node) => {
      const config = node.config ?? {};
      const text = ['system', 'text', 'instructions', 'prompt']
        .map((key) => config[key])
        .find((v): v is string => typeof v === 'string' && v.trim() !== '' && v.trim() !== '{{input}}');
      return { id: node.id, name: node.name ?? node.id, type: node.type, text: text ?? '' };
    })
    .filter((n) => n.text);
}
