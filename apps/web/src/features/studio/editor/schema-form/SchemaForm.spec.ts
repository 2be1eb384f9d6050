import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import { BUILTIN_NODE_TYPES } from '../../../../../../../packages/engine/src/node-types/builtin-node-types';
import { VALID_BUILTIN_CONFIGS as VALID } from './builtin-configs.fixture';
import SchemaForm from './SchemaForm.vue';
import { settle, testPlugins } from '@/test/render';

function render(schema: Record<string, unknown>, modelValue: Record<string, unknown>) {
  return mount(SchemaForm, {
    props: { schema, modelValue, templateEditors: true, codeFields: ['code'] },
    global: { plugins: testPlugins().plugins },
    attachTo: document.body,
  });
}

describe('SchemaForm', () => {
  it.each(BUILTIN_NODE_TYPES.map((t) => [t.typeName, t] as const))(
    'renders and validates the %s node type schema',
    async (typeName, type) => {
      const props = Object.keys((type.inputSchema.properties ?? {}) as object);
      const empty = render(type.inputSchema, {});
      await settle();
      // Every declared property has a control with its label.
      for (const p of props) expect(empty.find(`[id$="${p}-input"]`).exists(), p).toBe(true);
      expect(empty.vm.validate()).toBe(false);
      await settle();
      const required = (type.inputSchema.required ?? []) as string[];
      expect(empty.findAll('[role="alert"]').length).toBeGreaterThanOrEqual(required.length > 0 ? 1 : 0);
      empty.unmount();

      const valid = render(type.inputSchema, { ...type.defaultConfig, ...VALID[typeName] });
      await settle();
      expect(valid.vm.validate()).toBe(true);
      await settle();
      expect(valid.findAll('[role="alert"]')).toHaveLength(0);
      valid.unmount();
    },
  );

  it('shows enums as a select, descriptions as help and emits edits', async () => {
    const schema = {
      type: 'object',
      properties: {
        method: { type: 'string', enum: ['GET', 'POST'] },
        name: { type: 'string', maxLength: 50, description: 'Your name.' },
        nested: { type: 'object', properties: { deep: { type: 'integer', minimum: 1 } } },
      },
      required: ['name'],
    };
    const form = render(schema, { method: 'GET' });
    await settle();
    expect(form.text()).toContain('Your name.');
    expect(form.find('.el-select').exists()).toBe(true);
    expect(form.find('fieldset legend').text()).toBe('Nested');
    await form.find('input[id$="name-input"]').setValue('Ada');
    await settle();
    expect(form.emitted('update:modelValue')?.at(-1)).toEqual([{ method: 'GET', name: 'Ada' }]);
  });

  it('shows each error on its own field: required, enum, type, min/max, pattern', async () => {
    const schema = {
      type: 'object',
      properties: {
        name: { type: 'string' },
        method: { type: 'string', enum: ['GET', 'POST'] },
        // A string: the number input would clamp an out-of-range number as it mounts.
        label: { type: 'string', maxLength: 3 },
        code: { type: 'string', pattern: '^[A-Z]{3}$', minLength: 3 },
        extra: { type: 'object', properties: { flag: { type: 'boolean' } } },
      },
      required: ['name'],
    };
    const form = render(schema, { method: 'PUT', label: 'abcdef', code: 'ab', extra: { flag: 'yes' } });
    await settle();
    // Nothing is shown before the first edit or validate().
    expect(form.findAll('[role="alert"]')).toHaveLength(0);
    expect(form.vm.validate()).toBe(false);
    await settle();
    // By label: JSON Forms numbers the ids of fields that another mounted form also has.
    const errorOf = (label: string) =>
      form
        .findAll('.sf-control')
        .find((c) => c.find('label').text().replace('*', '').trim() === label)
        ?.find('[role="alert"]')
        .text();
    expect(errorOf('Name')).toBe('Required');
    expect(errorOf('Method')).toBe('Must be one of: GET, POST');
    expect(errorOf('Label')).toBe('At most 3 characters');
    expect(errorOf('Code')).toBe('At least 3 characters\nMust match the pattern ^[A-Z]{3}$');
    expect(errorOf('Flag')).toBe('Must be of type boolean');
    expect(form.vm.errors.map((e) => e.keyword).sort()).toEqual(
      ['enum', 'maxLength', 'minLength', 'pattern', 'required', 'type'].sort(),
    );
  });

  it('shows the errors in Chinese when the UI is Chinese', async () => {
    const { plugins } = testPlugins();
    const form = mount(SchemaForm, {
      props: {
        schema: { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] },
        modelValue: {},
      },
      global: { plugins },
    });
    (form.vm as unknown as { $i18n: { locale: string } }).$i18n.locale = 'zh-CN';
    expect(form.vm.validate()).toBe(false);
    await settle();
    expect(form.find('[role="alert"]').text()).toBe('必填');
  });

  it('reports a number out of range on its field', async () => {
    const schema = { type: 'object', properties: { n: { type: 'integer', minimum: 5 } } };
    const form = render(schema, { n: 1 });
    await settle();
    expect(form.vm.validate()).toBe(false);
    await settle();
    expect(form.find('[role="alert"]').text()).toMatch(/5/);
  });
});
