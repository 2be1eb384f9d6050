import { afterEach, describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import type { ConditionalEdge, WorkflowEdge } from '@agenthub/contracts';
import { settle, testPlugins } from '@/test/render';
import EdgeEditor from './EdgeEditor.vue';
import TargetSelect from './TargetSelect.vue';

const NODE_IDS = ['classify', 'billing', 'tech', 'fallback'];
const CONDITIONAL: ConditionalEdge = {
  type: 'conditional',
  from: 'classify',
  condition: { kind: 'switch', path: 'nodes.classify.output' },
  mapping: { billing: 'billing', tech: 'tech' },
  default: 'fallback',
};

const mounted: { unmount(): void }[] = [];
function render(edge: WorkflowEdge) {
  const wrapper = mount(EdgeEditor, {
    props: { edge, nodeIds: NODE_IDS },
    global: { plugins: testPlugins().plugins },
    attachTo: document.body,
  });
  mounted.push(wrapper);
  return wrapper;
}
const last = (w: ReturnType<typeof render>) => (w.emitted('update:edge')!.at(-1) as [WorkflowEdge])[0];
afterEach(() => {
  for (const w of mounted.splice(0)) w.unmount();
  document.body.innerHTML = '';
});

describe('EdgeEditor', { timeout: 30_000 }, () => {
  it('changes the target of a normal edge, __end__ included', async () => {
    const editor = render({ from: 'classify', to: 'tech' });
    await settle();
    const options = [...document.body.querySelectorAll('.el-select-dropdown__item')].map(
      (o) => o.textContent,
    );
    expect(options).toEqual([...NODE_IDS, 'End']);
    editor.findComponent(TargetSelect).vm.$emit('update:modelValue', '__end__');
    expect(last(editor)).toEqual({ from: 'classify', to: '__end__' });
  });

  it('edits the routes of a conditional edge: rename, retarget, add and remove rows', async () => {
    const editor = render(CONDITIONAL);
    await settle();
    expect(editor.findAll('[data-test="mapping-row"]')).toHaveLength(2);

    await editor.findAll('input[data-test="mapping-value"]')[0]!.setValue('invoice');
    expect(last(editor)).toEqual({ ...CONDITIONAL, mapping: { invoice: 'billing', tech: 'tech' } });

    const targets = editor.findAll('[data-test="mapping-row"]').map((row) => row.findComponent(TargetSelect));
    targets[1]!.vm.$emit('update:modelValue', '__end__');
    expect(last(editor)).toEqual({ ...CONDITIONAL, mapping: { invoice: 'billing', tech: '__end__' } });

    await editor.find('[data-test="mapping-add"]').trigger('click');
    expect((last(editor) as ConditionalEdge).mapping).toEqual({
      invoice: 'billing',
      tech: '__end__',
      value3: 'classify',
    });

    await editor.findAll('[data-test="mapping-remove"]')[0]!.trigger('click');
    expect((last(editor) as ConditionalEdge).mapping).toEqual({ tech: '__end__', value3: 'classify' });
    // The source edge object is never mutated.
    expect(CONDITIONAL.mapping).toEqual({ billing: 'billing', tech: 'tech' });
  });

  it('does not emit a mapping with a duplicate or empty value and says why', async () => {
    const editor = render(CONDITIONAL);
    await settle();
    await editor.findAll('input[data-test="mapping-value"]')[1]!.setValue('billing');
    expect(editor.emitted('update:edge')).toBeUndefined();
    expect(editor.find('[role="alert"]').text()).toContain('“billing” is used twice');
    await editor.findAll('input[data-test="mapping-value"]')[1]!.setValue('');
    expect(editor.emitted('update:edge')).toBeUndefined();
    expect(editor.find('[role="alert"]').text()).toContain('needs a value');
  });

  it('switches the condition kind and sets or clears the default target', async () => {
    const editor = render(CONDITIONAL);
    await settle();
    await editor.find('[data-test="condition-expression"] input').setValue(true);
    expect((last(editor) as ConditionalEdge).condition).toEqual({
      kind: 'expression',
      expression: 'nodes.classify.output',
    });
    await editor.setProps({ edge: last(editor) });
    await editor.find('textarea[data-test="condition-text"]').setValue('nodes.classify.output == "tech"');
    expect((last(editor) as ConditionalEdge).condition).toEqual({
      kind: 'expression',
      expression: 'nodes.classify.output == "tech"',
    });

    editor.findAllComponents(TargetSelect).at(-1)!.vm.$emit('update:modelValue', '');
    expect(last(editor)).not.toHaveProperty('default');
    editor.findAllComponents(TargetSelect).at(-1)!.vm.$emit('update:modelValue', 'tech');
    expect((last(editor) as ConditionalEdge).default).toBe('tech');
  });

  it('edits the targets of a fan-out edge', async () => {
    const editor = render({ type: 'fanout', from: 'classify', targets: ['billing', 'tech'] });
    await settle();
    await editor.find('[data-test="fanout-add"]').trigger('click');
    expect(last(editor)).toEqual({
      type: 'fanout',
      from: 'classify',
      targets: ['billing', 'tech', 'classify'],
    });
    await editor.findAll('[data-test="fanout-remove"]')[0]!.trigger('click');
    expect(last(editor)).toEqual({ type: 'fanout', from: 'classify', targets: ['tech'] });
    editor.findAllComponents(TargetSelect)[1]!.vm.$emit('update:modelValue', 'fallback');
    expect(last(editor)).toEqual({ type: 'fanout', from: 'classify', targets: ['billing', 'fallback'] });
  });

  it('converts between kinds keeping source and targets, and emits delete', async () => {
    const editor = render({ from: 'classify:error', to: 'fallback' });
    await settle();
    await editor.find('[data-test="edge-kind-conditional"] input').setValue(true);
    expect(last(editor)).toEqual({
      type: 'conditional',
      from: 'classify:error',
      condition: { kind: 'switch', path: 'nodes.classify.output' },
      mapping: {},
      default: 'fallback',
    });
    await editor.find('[data-test="edge-kind-fanout"] input').setValue(true);
    expect(last(editor)).toEqual({ type: 'fanout', from: 'classify:error', targets: ['fallback'] });
    await editor.find('[data-test="edge-delete"]').trigger('click');
    expect(editor.emitted('delete')).toHaveLength(1);
  });
});
