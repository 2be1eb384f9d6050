import { describe, expect, it } from 'vitest';
import { STARTER_SCHEMA, useNodeTypeForm } from './use-node-type-form';

function ready() {
  const form = useNodeTypeForm();
  Object.assign(form.fields, { typeName: 'faq', kind: 'llm', displayName: 'FAQ' });
  return form;
}

describe('useNodeTypeForm', () => {
  it('is valid with a schema, a kind and a name, and sends the parsed JSON', () => {
    const form = ready();
    form.defaultsText.value = '{"prompt": "Hi"}';
    expect(form.valid.value).toBe(true);
    expect(form.toRequest()).toMatchObject({
      typeName: 'faq',
      kind: 'llm',
      inputSchema: STARTER_SCHEMA,
      defaultConfig: { prompt: 'Hi' },
      icon: null,
    });
  });

  it('keeps the last valid schema in the preview while the text is broken, and blocks saving', () => {
    const form = ready();
    form.inputText.value = JSON.stringify({ type: 'object', properties: { city: { type: 'string' } } });
    expect(form.previewSchema.value).toEqual({ type: 'object', properties: { city: { type: 'string' } } });
    form.inputText.value = '{ "type": "object", ';
    expect(form.inputCheck.value.problems[0].message).toMatch(/Not valid JSON/);
    expect(form.previewSchema.value).toEqual({ type: 'object', properties: { city: { type: 'string' } } });
    expect(form.valid.value).toBe(false);
  });

  it('checks the default config against the input schema as it changes', () => {
    const form = ready();
    form.defaultsText.value = '{"prompt": 42}';
    expect(form.defaultsProblems.value).toEqual([
      { path: 'prompt', message: expect.stringContaining('string') },
    ]);
    expect(form.valid.value).toBe(false);
    form.setDefaults({ prompt: 'fixed' });
    expect(form.defaultsText.value).toContain('"fixed"');
    expect(form.defaultsProblems.value).toEqual([]);
    expect(form.valid.value).toBe(true);
  });
});
