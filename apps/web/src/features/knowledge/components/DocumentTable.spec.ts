import { afterEach, describe, expect, it } from 'vitest';
import { mount, type VueWrapper } from '@vue/test-utils';
import type { KnowledgeDocument } from '@agenthub/contracts';
import { settle, testPlugins } from '@/test/render';
import DocumentTable from './DocumentTable.vue';

const doc = (over: Partial<KnowledgeDocument>): KnowledgeDocument => ({
  id: 'd1',
  knowledgeBaseId: 'kb',
  name: 'guide.md',
  source: 'file',
  mimeType: 'text/markdown',
  sizeBytes: 100,
  contentHash: 'h',
  status: 'indexed',
  progress: { done: 4, total: 4 },
  error: null,
  url: null,
  tags: [],
  createdAt: '2026-01-01T10:00:00.000Z',
  updatedAt: '2026-01-01T10:00:00.000Z',
  ...over,
});

describe('DocumentTable', () => {
  let wrapper: VueWrapper | undefined;
  afterEach(() => wrapper?.unmount());

  it('shows each document with its status, progress and error, and emits re-index and download', async () => {
    wrapper = mount(DocumentTable, {
      props: {
        documents: [
          doc({ id: 'a', name: 'guide.md' }),
          doc({ id: 'b', name: 'big.pdf', status: 'processing', progress: { done: 1, total: 4 } }),
          doc({
            id: 'c',
            name: 'broken.pdf',
            status: 'failed',
            error: { code: 'document_parse_failed', message: 'Could not read the pdf file' },
          }),
        ],
      },
      global: { plugins: testPlugins().plugins },
    });
    await settle();
    const statuses = wrapper.findAll('[data-testid="kb-doc-status"]').map((s) => s.text());
    expect(statuses).toEqual(['Indexed', 'Indexing', 'Failed']);
    expect(wrapper.text()).toContain('Could not read the pdf file');
    // Ingestion progress reads as chunks embedded / total.
    expect(wrapper.text()).toContain('1 / 4');
    const download = wrapper.findAll('button').find((b) => b.text() === 'Download')!;
    await download.trigger('click');
    expect(wrapper.emitted('download')?.[0]).toEqual(['a']);
    const reindex = wrapper.findAll('button').find((b) => b.text() === 'Re-index')!;
    await reindex.trigger('click');
    expect(wrapper.emitted('reindex')?.[0]).toEqual(['a']);
  });
});
