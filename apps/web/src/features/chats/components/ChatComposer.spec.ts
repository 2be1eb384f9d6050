import { afterEach, describe, expect, it } from 'vitest';
import { mount, type VueWrapper } from '@vue/test-utils';
import { settle, testPlugins } from '@/test/render';
import ChatComposer from './ChatComposer.vue';

describe('ChatComposer', () => {
  let wrapper: VueWrapper | undefined;
  afterEach(() => wrapper?.unmount());

  function render(props: Partial<{ streaming: boolean; replying: boolean }> = {}) {
    wrapper = mount(ChatComposer, {
      props: { agentName: 'Helper', streaming: false, replying: false, ...props },
      global: { plugins: testPlugins().plugins },
      attachTo: document.body,
    });
    return wrapper.find<HTMLTextAreaElement>('[data-testid="composer-input"]');
  }

  it('sends on Enter and clears the box; Shift+Enter is a new line', async () => {
    const input = render();
    await input.setValue('Hello\nthere');
    await input.trigger('keydown', { key: 'Enter', shiftKey: true });
    expect(wrapper!.emitted('send')).toBeUndefined();
    await input.trigger('keydown', { key: 'Enter' });
    expect(wrapper!.emitted('send')).toEqual([['Hello\nthere']]);
    expect(input.element.value).toBe('');
  });

  it('does not send while an input method is composing (Enter picks the candidate)', async () => {
    const input = render();
    await input.trigger('compositionstart');
    await input.setValue('nihao');
    await input.trigger('keydown', { key: 'Enter' });
    await input.trigger('keydown', { key: 'Enter', isComposing: true });
    expect(wrapper!.emitted('send')).toBeUndefined();
    input.element.value = '你好';
    await input.trigger('compositionend');
    await input.trigger('input');
    await input.trigger('keydown', { key: 'Enter' });
    expect(wrapper!.emitted('send')).toEqual([['你好']]);
  });

  it('offers Stop instead of Send while a run streams, and says when it answers a question', async () => {
    render({ streaming: true });
    expect(wrapper!.find('[data-testid="composer-send"]').exists()).toBe(false);
    await wrapper!.find('[data-testid="composer-stop"]').trigger('click');
    expect(wrapper!.emitted('stop')).toHaveLength(1);

    await wrapper!.setProps({ streaming: false, replying: true });
    await settle();
    const input = wrapper!.find<HTMLTextAreaElement>('[data-testid="composer-input"]');
    expect(input.attributes('placeholder')).toContain('Reply to the agent');
    expect(wrapper!.find('[data-testid="composer-send"]').attributes('disabled')).toBeDefined();
  });
});
