import { afterEach, describe, expect, it } from 'vitest';
import { mount, type VueWrapper } from '@vue/test-utils';
import { settle, testPlugins } from '@/test/render';
import ChatComposer from './ChatComposer.vue';

describe('ChatComposer', () => {
  let wrapper: VueWrapper | undefined;
  afterEach(() => wrapper?.unmount());

  function render(
    props: Partial<{
      streaming: boolean;
      replying: boolean;
      choices: Array<{ value: string; label: string }>;
      allowFreeText: boolean;
    }> = {},
  ) {
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

  it('shows the offered answers as buttons while replying; a click sends that answer', async () => {
    const choices = [
      { value: 'yes', label: 'Yes' },
      { value: 'no', label: 'No' },
    ];
    render({ replying: true, choices, allowFreeText: false });
    await settle();
    const buttons = wrapper!.findAll('[data-testid="human-input-choice"]');
    expect(buttons.map((b) => b.text())).toEqual(['Yes', 'No']);
    expect(wrapper!.find('[data-testid="human-input-choices"]').attributes('role')).toBe('group');
    expect(wrapper!.find('[data-testid="composer-input"]').attributes('placeholder')).toContain(
      'Pick an answer above',
    );
    await buttons[0]!.trigger('click');
    expect(wrapper!.emitted('send')).toEqual([['Yes']]);

    // Streaming (the answer is on its way): the buttons do nothing.
    await wrapper!.setProps({ streaming: true });
    await wrapper!.findAll('[data-testid="human-input-choice"]')[1]!.trigger('click');
    expect(wrapper!.emitted('send')).toHaveLength(1);

    // Not replying to a question: no buttons, whatever was offered before.
    await wrapper!.setProps({ streaming: false, replying: false });
    expect(wrapper!.find('[data-testid="human-input-choices"]').exists()).toBe(false);
  });
});
