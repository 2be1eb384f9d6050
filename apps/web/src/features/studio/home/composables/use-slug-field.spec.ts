import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h, nextTick, ref } from 'vue';
import { mount, type VueWrapper } from '@vue/test-utils';
import { SLUG_CHECK_DELAY_MS, useSlugField } from './use-slug-field';

type Field = ReturnType<typeof useSlugField>;

/** Answers `/agents/slug-availability` from `taken`, recording every slug asked about. */
function stubApi(taken: Set<string>) {
  const asked: string[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL) => {
      const url = new URL(String(input), 'http://x');
      const slug = url.searchParams.get('slug')!;
      asked.push(slug);
      const available = !taken.has(slug);
      return Response.json({ slug, available, suggestion: available ? null : `${slug}-2` });
    }),
  );
  return { asked };
}

describe('useSlugField', () => {
  let wrapper: VueWrapper | undefined;
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    wrapper?.unmount();
    vi.useRealTimers();
  });

  function setup(options: Parameters<typeof useSlugField>[1] = {}, initialName = '') {
    const name = ref(initialName);
    let field!: Field;
    wrapper = mount(
      defineComponent({
        setup() {
          field = useSlugField(name, options);
          return () => h('div');
        },
      }),
    );
    return { name, field: () => field };
  }

  /** Runs the debounce and lets the fetch promise chain resolve. */
  async function flush() {
    await vi.advanceTimersByTimeAsync(SLUG_CHECK_DELAY_MS + 10);
    for (let i = 0; i < 5; i++) await Promise.resolve();
    await nextTick();
  }

  it('derives the slug from the name until the developer edits it', async () => {
    stubApi(new Set());
    const { name, field } = setup();
    name.value = 'Travel Planner!';
    await nextTick();
    expect(field().slug.value).toBe('travel-planner');
    name.value = 'Café Crème';
    await nextTick();
    expect(field().slug.value).toBe('cafe-creme');

    field().edit('my-own');
    name.value = 'Something else';
    await nextTick();
    expect(field().slug.value).toBe('my-own');

    // Clearing the field hands it back to the name.
    field().edit('');
    await nextTick();
    expect(field().slug.value).toBe('something-else');
    expect(field().edited.value).toBe(false);
  });

  it('asks the API once typing pauses, only about the last value', async () => {
    const api = stubApi(new Set(['travel-planner']));
    const { name, field } = setup();
    for (const partial of ['T', 'Tr', 'Tra', 'Travel', 'Travel Planner']) {
      name.value = partial;
      await nextTick();
      await vi.advanceTimersByTimeAsync(50);
    }
    expect(field().state.value).toBe('checking');
    expect(api.asked).toEqual([]);
    await flush();
    expect(api.asked).toEqual(['travel-planner']);
    expect(field().state.value).toBe('taken');
    expect(field().suggestion.value).toBe('travel-planner-2');

    field().useSuggestion();
    await nextTick();
    await flush();
    expect(field().slug.value).toBe('travel-planner-2');
    expect(field().state.value).toBe('available');
    expect(api.asked).toEqual(['travel-planner', 'travel-planner-2']);
  });

  it('starts from a name that was there before the field (a template’s name)', async () => {
    const api = stubApi(new Set());
    const { field } = setup({}, 'Customer service bot');
    expect(field().slug.value).toBe('customer-service-bot');
    await flush();
    expect(api.asked).toEqual(['customer-service-bot']);
    expect(field().state.value).toBe('available');
  });

  it('flags malformed slugs without a request', async () => {
    const api = stubApi(new Set());
    const { field } = setup();
    field().edit('Not A Slug');
    await nextTick();
    await flush();
    expect(field().state.value).toBe('invalid');
    field().edit('a');
    await nextTick();
    await flush();
    expect(field().state.value).toBe('invalid');
    expect(api.asked).toEqual([]);
  });

  it('treats the agent’s own slug as free when renaming, and checks others with exceptId', async () => {
    const api = stubApi(new Set());
    const fetchMock = vi.mocked(globalThis.fetch);
    const { field } = setup({ initial: 'my-agent', exceptId: '7f0c4f5e-9a55-4f55-9a6b-0d2f2a3e9c11' });
    await nextTick();
    expect(field().state.value).toBe('available');
    field().edit('my-agent-renamed');
    await nextTick();
    await flush();
    expect(api.asked).toEqual(['my-agent-renamed']);
    expect(String(fetchMock.mock.calls[0]![0])).toContain('exceptId=7f0c4f5e-9a55-4f55-9a6b-0d2f2a3e9c11');
  });
});
