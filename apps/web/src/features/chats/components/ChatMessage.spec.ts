import { afterEach, describe, expect, it } from 'vitest';
import { mount, type VueWrapper } from '@vue/test-utils';
import { testPlugins } from '@/test/render';
import type { MessageView } from '@/shared/runs/run-events.reducer';
import ChatMessage from './ChatMessage.vue';

function failedAnswer(error: { code: string; message: string }): MessageView {
  return {
    id: 'a1',
    chatId: 'c1',
    parentMessageId: 'q1',
    role: 'assistant',
    content: 'Partial',
    status: 'failed',
    runId: 'r1',
    createdAt: new Date().toISOString(),
    error,
    currentNode: null,
    activity: [],
    sources: [],
    nodeText: [],
    lastEventId: 7,
  };
}

describe('ChatMessage', () => {
  let wrapper: VueWrapper | undefined;
  afterEach(() => wrapper?.unmount());

  function render(message: MessageView, over: Partial<{ isLastOfRole: boolean; busy: boolean }> = {}) {
    wrapper = mount(ChatMessage, {
      props: { message, siblingIndex: 0, siblingCount: 1, isLastOfRole: true, busy: false, ...over },
      global: { plugins: testPlugins().plugins },
    });
    return wrapper;
  }

  it('shows a known run error code in the reader language, with Retry', async () => {
    const w = render(failedAnswer({ code: 'timeout', message: 'Run exceeded RUN_TIMEOUT_MS (600000 ms)' }));
    expect(w.find('[data-testid="message-error"]').text()).toContain('took too long');
    await w.find('[data-testid="message-retry"]').trigger('click');
    expect(w.emitted('retry')).toHaveLength(1);
  });

  it("falls back to the server's message for codes it does not know", () => {
    const w = render(failedAnswer({ code: 'node_failed', message: 'Tool "search" returned 502' }));
    expect(w.find('[data-testid="message-error"]').text()).toContain('Tool "search" returned 502');
  });

  it('lets an earlier question (not the last one) be edited and sent as a new branch', async () => {
    const question: MessageView = {
      ...failedAnswer({ code: 'x', message: 'x' }),
      id: 'q1',
      parentMessageId: null,
      role: 'user',
      content: 'First question',
      status: 'completed',
      runId: null,
      error: undefined,
    };
    const w = render(question, { isLastOfRole: false });
    expect(w.find('[data-testid="message-regenerate"]').exists()).toBe(false);
    await w.find('[data-testid="message-edit"]').trigger('click');
    const input = w.find<HTMLTextAreaElement>('textarea[data-testid="message-edit-input"]');
    expect(input.element.value).toBe('First question');
    await input.setValue('First question, rephrased');
    await w.find('form.message__edit').trigger('submit');
    expect(w.emitted('edit')).toEqual([['First question, rephrased']]);

    // While a run streams no new turn may start.
    await w.setProps({ busy: true });
    expect(w.find('[data-testid="message-edit"]').attributes('disabled')).toBeDefined();
  });
});
