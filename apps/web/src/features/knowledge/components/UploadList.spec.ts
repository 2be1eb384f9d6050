import { afterEach, describe, expect, it } from 'vitest';
import { mount, type VueWrapper } from '@vue/test-utils';
import { ApiError } from '@/api/api-error';
import { settle, testPlugins } from '@/test/render';
import UploadList from './UploadList.vue';

describe('UploadList', () => {
  let wrapper: VueWrapper | undefined;
  afterEach(() => wrapper?.unmount());

  it('shows a bar per uploading file and the reason of a refused or failed one', async () => {
    wrapper = mount(UploadList, {
      props: {
        items: [
          { key: '1', name: 'a.md', size: 100, loaded: 40, state: 'uploading' },
          { key: '2', name: 'big.pdf', size: 1, loaded: 0, state: 'rejected', reason: 'tooLarge' },
          {
            key: '3',
            name: 'bad.pdf',
            size: 9,
            loaded: 9,
            state: 'failed',
            error: new ApiError({
              status: 400,
              code: 'document_unreadable',
              message: 'The PDF cannot be read',
            }),
          },
        ],
      },
      global: { plugins: testPlugins().plugins },
    });
    await settle();
    const rows = wrapper.findAll('[data-testid="kb-upload"]');
    expect(rows.map((r) => r.attributes('data-state'))).toEqual(['uploading', 'rejected', 'failed']);
    expect(rows[0]!.text()).toContain('40%');
    expect(rows[1]!.text()).toContain('Too large: files may be up to 10 MiB.');
    expect(rows[2]!.text()).toContain('The PDF cannot be read');
    // A file still uploading cannot be dismissed; the others can.
    expect(rows[0]!.find('button').exists()).toBe(false);
    await rows[1]!.find('button').trigger('click');
    expect(wrapper.emitted('dismiss')).toEqual([['2']]);
  });
});
