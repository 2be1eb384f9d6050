import { afterEach, describe, expect, it } from 'vitest';
import { mount, type VueWrapper } from '@vue/test-utils';
import StoreSearchBox from './StoreSearchBox.vue';
import { settle, testPlugins } from '@/test/render';

describe('StoreSearchBox', () => {
  let wrapper: VueWrapper | undefined;
  afterEach(() => wrapper?.unmount());

  function render(modelValue = '') {
    wrapper = mount(StoreSearchBox, {
      props: { modelValue, delayMs: 20 },
      global: { plugins: testPlugins().plugins },
      attachTo: document.body,
    });
    return wrapper.find<HTMLInputElement>('input');
  }

  it('searches once the user pauses typing', async () => {
    const input = render();
    await input.setValue('c');
    await input.setValue('cu');
    await input.setValue('customer');
    await settle(30);
    expect(wrapper!.emitted('search')).toEqual([['customer']]);
  });

  it('does not search while an input method is still composing Chinese', async () => {
    const input = render();
    await input.trigger('compositionstart');
    await input.setValue('ke');
    await input.trigger('compositionupdate');
    await input.setValue('kefu');
    await settle(30);
    expect(wrapper!.emitted('search')).toBeUndefined();

    input.element.value = '客服';
    await input.trigger('compositionend');
    await input.trigger('input');
    await settle(30);
    expect(wrapper!.emitted('search')).toEqual([['客服']]);
  });

  it('shows the query of the URL when it changes (back button)', async () => {
    const input = render('客服');
    expect(input.element.value).toBe('客服');
    await wrapper!.setProps({ modelValue: 'translate' });
    expect(input.element.value).toBe('translate');
  });
});
