import { afterEach, describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import { ElSelect } from 'element-plus';
import type { WorkflowDefinition } from '@agenthub/contracts';
import { settle, testPlugins } from '@/test/render';
import VariablesPanel from './VariablesPanel.vue';

type Variables = WorkflowDefinition['variables'];
const VARIABLES: Variables = {
  lang: { type: 'string', default: 'en', description: 'Reply language' },
  limit: { type: 'number', default: 3 },
};

const mounted: { unmount(): void }[] = [];
function render(variables: Variables) {
  const wrapper = mount(VariablesPanel, {
    props: { variables },
    global: { plugins: testPlugins().plugins },
    attachTo: document.body,
  });
  mounted.push(wrapper);
  return wrapper;
}
const last = (w: ReturnType<typeof render>) => (w.emitted('update:variables')!.at(-1) as [Variables])[0];
afterEach(() => {
  for (const w of mounted.splice(0)) w.unmount();
  document.body.innerHTML = '';
});

describe('VariablesPanel', { timeout: 30_000 }, () => {
  it('shows a row per variable and emits renames and new defaults, keeping descriptions', async () => {
    const panel = render(VARIABLES);
    await settle();
    expect(panel.findAll('[data-test="variable-row"]')).toHaveLength(2);
    await panel.findAll('input[data-test="variable-name"]')[0]!.setValue('language');
    expect(last(panel)).toEqual({
      language: { type: 'string', default: 'en', description: 'Reply language' },
      limit: { type: 'number', default: 3 },
    });
    await panel.findAll('input[data-test="variable-default"]')[0]!.setValue('zh');
    expect(last(panel).language).toEqual({ type: 'string', default: 'zh', description: 'Reply language' });
    expect(VARIABLES.lang!.default).toBe('en');
  });

  it('refuses invalid and duplicate names without emitting', async () => {
    const panel = render(VARIABLES);
    await settle();
    await panel.findAll('input[data-test="variable-name"]')[1]!.setValue('2fast');
    expect(panel.find('[role="alert"]').text()).toContain('Start with a letter');
    await panel.findAll('input[data-test="variable-name"]')[1]!.setValue('lang');
    expect(panel.find('[role="alert"]').text()).toContain('Another variable');
    expect(panel.emitted('update:variables')).toBeUndefined();
  });

  it('adds, retypes and removes variables; JSON defaults are parsed', async () => {
    const panel = render({});
    await settle();
    expect(panel.text()).toContain('No variables yet');
    await panel.find('[data-test="variable-add"]').trigger('click');
    expect(last(panel)).toEqual({ var1: { type: 'string' } });
    await panel.setProps({ variables: last(panel) });

    panel.findComponent(ElSelect).vm.$emit('update:modelValue', 'json');
    expect(last(panel)).toEqual({ var1: { type: 'json' } });
    await panel.setProps({ variables: last(panel) });
    await panel.find('textarea[data-test="variable-default"]').setValue('{"a": ');
    expect(panel.find('[role="alert"]').text()).toContain('Not valid JSON');
    await panel.find('textarea[data-test="variable-default"]').setValue('{"a": [1, 2]}');
    expect(last(panel)).toEqual({ var1: { type: 'json', default: { a: [1, 2] } } });

    await panel.find('[data-test="variable-remove"]').trigger('click');
    expect(last(panel)).toEqual({});
  });

  it('types boolean defaults', async () => {
    const panel = render({ flag: { type: 'string' } });
    await settle();
    panel.findComponent(ElSelect).vm.$emit('update:modelValue', 'boolean');
    expect(last(panel)).toEqual({ flag: { type: 'boolean', default: false } });
    await panel.setProps({ variables: last(panel) });
    await panel.find('[data-test="variable-default"]').trigger('click');
    expect(last(panel)).toEqual({ flag: { type: 'boolean', default: true } });
  });
});
