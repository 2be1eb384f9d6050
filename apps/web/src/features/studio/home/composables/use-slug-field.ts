import { ref, watch, type Ref } from 'vue';
import { agentSlugSchema, slugify } from '@agenthub/contracts';
import { agentsApi } from '@/api/agents.api';
import { useDebouncedFn } from '@/shared/composables/use-debounced-fn';

export type SlugState = 'idle' | 'invalid' | 'checking' | 'available' | 'taken' | 'error';

/** How long typing must pause before the server is asked about a slug. */
export const SLUG_CHECK_DELAY_MS = 300;

/**
 * A slug field that follows the name until the developer edits it, and asks the API whether it
 * is free once typing pauses. Only the answer for the slug currently in the field is applied.
 * `exceptId`: the agent being renamed (its own slug counts as free).
 */
export function useSlugField(name: Ref<string>, options: { initial?: string; exceptId?: string } = {}) {
  // A name given before the field appears (a template's) is followed from the start.
  const slug = ref(options.initial ?? (name.value.trim() ? slugify(name.value) : ''));
  const edited = ref(options.initial !== undefined);
  const state = ref<SlugState>('idle');
  const suggestion = ref<string | null>(null);
  let controller: AbortController | null = null;

  async function ask(value: string) {
    controller?.abort();
    const mine = new AbortController();
    controller = mine;
    try {
      const res = await agentsApi.slugAvailability(value, options.exceptId, mine.signal);
      if (controller !== mine || res.slug !== slug.value) return;
      state.value = res.available ? 'available' : 'taken';
      suggestion.value = res.suggestion;
    } catch {
      if (controller === mine) state.value = 'error';
    }
  }
  const check = useDebouncedFn((value: string) => void ask(value), SLUG_CHECK_DELAY_MS);

  watch(name, (value) => {
    if (!edited.value) slug.value = value.trim() ? slugify(value) : '';
  });

  watch(
    slug,
    (value) => {
      suggestion.value = null;
      controller?.abort();
      check.cancel();
      if (!value) {
        state.value = 'idle';
        return;
      }
      if (!agentSlugSchema.safeParse(value).success) {
        state.value = 'invalid';
        return;
      }
      if (value === options.initial && options.exceptId) {
        state.value = 'available';
        return;
      }
      state.value = 'checking';
      check.run(value);
    },
    { immediate: true },
  );

  /** The developer typed in the slug field: stop following the name (an empty field follows again). */
  function edit(value: string) {
    edited.value = value !== '';
    slug.value = value === '' && name.value.trim() ? slugify(name.value) : value;
  }

  function useSuggestion() {
    if (suggestion.value) edit(suggestion.value);
  }

  return { slug, edited, state, suggestion, edit, useSuggestion };
}
