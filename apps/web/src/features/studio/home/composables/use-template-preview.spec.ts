import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h, nextTick, ref } from 'vue';
import { mount, type VueWrapper } from '@vue/test-utils';
import { schemaDefaults } from '../template-parameters.util';
import { nodePrompts, PREVIEW_DELAY_MS, useTemplatePreview } from './use-template-preview';

const TEMPLATE_ID = '5d3c1c52-0b0e-4d43-9e55-3b0c64b0c0a1';

/** The preview endpoint: instantiates a one-node definition with the company name it was sent. */
function stubPreview() {
  const bodies: Array<Record<string, unknown>> = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(String(input), 'http://x');
      expect(url.pathname).toBe(`/api/workflow-templates/${TEMPLATE_ID}/preview`);
      const { parameters } = JSON.parse(String(init?.body)) as { parameters: Record<string, unknown> };
      bodies.push(parameters);
      if (parameters.companyName === '') {
        return Response.json(
          {
            statusCode: 400,
            code: 'validation_failed',
            message: 'Invalid parameters',
            details: [{ path: 'body.parameters.companyName', code: 'too_small', message: 'Required' }],
          },
          { status: 400 },
        );
      }
      return Response.json({
        templateId: TEMPLATE_ID,
        templateVersion: 1,
        parameters,
        definition: {
          schemaVersion: 1,
          entry: 'faq',
          nodes: [
            {
              id: 'faq',
              type: 'llm',
              name: 'FAQ',
              config: { system: `You serve ${String(parameters.companyName)}.` },
            },
          ],
          edges: [{ from: 'faq', to: '__end__' }],
        },
        validation: { valid: true, problems: [] },
      });
    }),
  );
  return bodies;
}

describe('useTemplatePreview', () => {
  let wrapper: VueWrapper | undefined;
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    wrapper?.unmount();
    vi.useRealTimers();
  });

  function setup() {
    const templateId = ref<string | null>(null);
    const parameters = ref<Record<string, unknown>>({ companyName: 'Acme', tone: 'friendly' });
    let preview!: ReturnType<typeof useTemplatePreview>;
    wrapper = mount(
      defineComponent({
        setup() {
          preview = useTemplatePreview(templateId, parameters);
          return () => h('div');
        },
      }),
    );
    return { templateId, parameters, preview: () => preview };
  }

  async function settleFetch() {
    for (let i = 0; i < 8; i++) await Promise.resolve();
    await nextTick();
  }

  it('builds the preview when a template is chosen, then once per pause in parameter edits', async () => {
    const bodies = stubPreview();
    const { templateId, parameters, preview } = setup();
    templateId.value = TEMPLATE_ID;
    await nextTick();
    await settleFetch();
    expect(bodies).toEqual([{ companyName: 'Acme', tone: 'friendly' }]);
    expect(nodePrompts(preview().instance.value?.definition)[0]!.text).toBe('You serve Acme.');

    // Typing "Globex" letter by letter: one request, with the final value.
    for (const partial of ['G', 'Gl', 'Glo', 'Globex']) {
      parameters.value.companyName = partial;
      await nextTick();
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(bodies).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(PREVIEW_DELAY_MS);
    await settleFetch();
    expect(bodies).toHaveLength(2);
    expect(bodies[1]).toEqual({ companyName: 'Globex', tone: 'friendly' });
    expect(nodePrompts(preview().instance.value?.definition)[0]!.text).toBe('You serve Globex.');
  });

  it('keeps the last good graph and reports the error while a parameter is invalid', async () => {
    stubPreview();
    const { templateId, parameters, preview } = setup();
    templateId.value = TEMPLATE_ID;
    await nextTick();
    await settleFetch();
    parameters.value.companyName = '';
    await nextTick();
    await vi.advanceTimersByTimeAsync(PREVIEW_DELAY_MS + 10);
    await settleFetch();
    expect(preview().error.value).toMatchObject({ code: 'validation_failed' });
    expect(nodePrompts(preview().instance.value?.definition)[0]!.text).toBe('You serve Acme.');
  });
});

describe('nodePrompts', () => {
  it('lists each node’s own text, skipping bare {{input}} prompts and nodes without text', () => {
    expect(
      nodePrompts({
        nodes: [
          { id: 'classify', type: 'classifier', config: { prompt: '{{input}}', instructions: 'Pick one' } },
          { id: 'route', type: 'template', config: {} },
          { id: 'done', type: 'answer', name: 'Done', config: { text: 'Bye' } },
        ],
      }),
    ).toEqual([
      { id: 'classify', name: 'classify', type: 'classifier', text: 'Pick one' },
      { id: 'done', name: 'Done', type: 'answer', text: 'Bye' },
    ]);
    expect(nodePrompts(null)).toEqual([]);
  });
});

describe('schemaDefaults', () => {
  it('starts the parameter form from each property’s default (copied, not shared)', () => {
    const list = ['a'];
    const schema = {
      type: 'object',
      properties: {
        companyName: { type: 'string', default: 'Acme' },
        faq: { type: 'string' },
        labels: { default: list },
      },
    };
    const values = schemaDefaults(schema);
    expect(values).toEqual({ companyName: 'Acme', labels: ['a'] });
    expect(values.labels).not.toBe(list);
    expect(schemaDefaults({ type: 'object' })).toEqual({});
  });
});
