import { afterEach, describe, expect, it, vi } from 'vitest';
import { mount, type VueWrapper } from '@vue/test-utils';
import RateDialog from './RateDialog.vue';
import { ApiError } from '@/api/api-error';
import { settle, testPlugins } from '@/test/render';

describe('RateDialog', () => {
  let wrapper: VueWrapper | undefined;
  afterEach(() => {
    wrapper?.unmount();
    document.body.innerHTML = '';
  });

  async function render(submit: () => Promise<void>) {
    wrapper = mount(RateDialog, {
      props: { open: true, agentName: 'Translator', initial: null, submit },
      global: { plugins: testPlugins().plugins },
      attachTo: document.body,
    });
    await settle(5);
  }
  const submitButton = () => document.querySelector<HTMLElement>('[data-testid="rate-submit"]')!;

  it('asks for stars before sending anything', async () => {
    const submit = vi.fn(async () => undefined);
    await render(submit);
    submitButton().click();
    await settle();
    expect(submit).not.toHaveBeenCalled();
    expect(document.querySelector('[role="alert"]')?.textContent).toContain('Choose from 1 to 5 stars');
  });

  it('sends the stars and review, and shows the API refusal (rating_not_allowed) in the dialog', async () => {
    const submit = vi.fn(async () => {
      throw new ApiError({
        status: 403,
        code: 'rating_not_allowed',
        message: 'Install or use the agent before rating it',
      });
    });
    await render(submit);
    document.querySelectorAll<HTMLElement>('.el-rate__item')[3]!.click();
    const review = document.querySelector<HTMLTextAreaElement>('textarea')!;
    review.value = '  Useful  ';
    review.dispatchEvent(new Event('input'));
    await settle();
    submitButton().click();
    await settle();

    expect(submit).toHaveBeenCalledWith({ score: 4, review: 'Useful' });
    expect(document.querySelector('[role="alert"]')?.textContent).toContain(
      'Install or use the agent before rating it',
    );
    expect(wrapper!.emitted('saved')).toBeUndefined();
  });
});
