import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import { workflowDefinitionSchema } from '@agenthub/contracts';
import { EXAMPLE_WORKFLOWS } from '../../../../../../../packages/engine/src/examples/example-workflows';
import WorkflowPreview from './WorkflowPreview.vue';
import { settle, testPlugins } from '@/test/render';

describe('WorkflowPreview', () => {
  it('draws every node, the end terminal and the entry mark, without editing handles', async () => {
    const definition = workflowDefinitionSchema.parse(EXAMPLE_WORKFLOWS.router);
    const preview = mount(WorkflowPreview, {
      props: { definition, height: 200 },
      global: { plugins: testPlugins().plugins },
      attachTo: document.body,
    });
    await settle(20);
    const ids = preview.findAll('[data-node-id]').map((n) => n.attributes('data-node-id'));
    expect(ids.sort()).toEqual(['__end__', 'billing', 'classify', 'other', 'tech']);
    expect(preview.find('[data-node-id="classify"]').text()).toContain('Entry');
    expect(preview.find('.wf-preview').attributes('style')).toContain('height: 200px');
    preview.unmount();
  });
});
