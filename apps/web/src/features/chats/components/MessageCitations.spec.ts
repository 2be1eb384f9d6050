import { afterEach, describe, expect, it, vi } from 'vitest';
import { mount, type VueWrapper } from '@vue/test-utils';
import type { ChatMessage, RetrievedChunk } from '@agenthub/contracts';
import { settle, testPlugins } from '@/test/render';
import { knowledgeApi } from '@/api/knowledge.api';
import { useAuthStore } from '@/features/auth/auth.store';
import { forgetDownloadableBases } from '@/features/knowledge/downloadable-bases';
import MessageCitations from './MessageCitations.vue';
import { applyRunEvents, messageViewFrom, type RunStreamEvent } from '@/shared/runs/run-events.reducer';
import ChatMessageView from './ChatMessage.vue';

const chunk = (index: number, documentName: string, text: string, score: number): RetrievedChunk => ({
  index,
  knowledgeBaseId: 'kb',
  documentId: `doc-${index}`,
  documentName,
  position: index - 1,
  score,
  text,
});

const stored = (over: Partial<ChatMessage> = {}): ChatMessage => ({
  id: 'a1',
  chatId: 'c1',
  parentMessageId: 'q1',
  role: 'assistant',
  content: 'Refunds take 14 days [1].',
  status: 'completed',
  runId: 'r1',
  metadata: {},
  createdAt: '2026-01-01T10:00:00.000Z',
  updatedAt: '2026-01-01T10:00:00.000Z',
  ...over,
});

describe('citations under an answer', () => {
  let wrapper: VueWrapper | undefined;
  afterEach(() => wrapper?.unmount());

  it('collects the passages of `sources` events while the answer streams', () => {
    const events: RunStreamEvent[] = [
      {
        id: 1,
        type: 'sources',
        data: { nodeId: 'kb', chunks: [chunk(1, 'refunds.md', 'Refunds take 14 days.', 0.8)] },
      },
      { id: 2, type: 'message', data: { delta: 'Refunds take 14 days [1].' } },
      { id: 3, type: 'sources', data: { nodeId: 'kb2', chunks: [chunk(2, 'faq.md', 'Mail us.', 0.3)] } },
    ];
    const view = applyRunEvents(messageViewFrom(stored({ status: 'streaming', content: '' })), events);
    expect(view.sources.map((s) => s.documentName)).toEqual(['refunds.md', 'faq.md']);
    // A replay of the same ids adds nothing twice.
    expect(applyRunEvents(view, events).sources).toHaveLength(2);
  });

  it('shows numbered sources from the saved message; each opens its passage', async () => {
    const message = messageViewFrom(
      stored({
        metadata: { sources: [chunk(1, 'refunds.md', 'Refunds take 14 days after arrival.', 0.82)] },
      }),
    );
    wrapper = mount(ChatMessageView, {
      props: { message, siblingIndex: 0, siblingCount: 1, isLastOfRole: true, busy: false },
      global: { plugins: testPlugins().plugins },
    });
    const items = wrapper.findAll('[data-testid="citation"]');
    expect(items).toHaveLength(1);
    expect(items[0]!.find('summary').text()).toContain('[1]');
    expect(items[0]!.find('summary').text()).toContain('refunds.md');
    expect(items[0]!.find('summary').text()).toContain('82%');
    expect(items[0]!.find('[data-testid="citation-text"]').text()).toBe(
      'Refunds take 14 days after arrival.',
    );
  });

  it('shows no sources block for an answer without citations', () => {
    wrapper = mount(ChatMessageView, {
      props: {
        message: messageViewFrom(stored()),
        siblingIndex: 0,
        siblingCount: 1,
        isLastOfRole: true,
        busy: false,
      },
      global: { plugins: testPlugins().plugins },
    });
    expect(wrapper.find('[data-testid="citations"]').exists()).toBe(false);
  });

  describe('downloading the cited document', () => {
    afterEach(() => {
      vi.restoreAllMocks();
      forgetDownloadableBases();
    });

    const mountAs = (roles: string[]) => {
      const { pinia, plugins } = testPlugins();
      useAuthStore(pinia).setUser({ id: 'u1', roles } as never);
      vi.spyOn(knowledgeApi, 'list').mockResolvedValue({
        items: [
          { id: 'own', ownerId: 'u1', scope: 'personal' },
          { id: 'other', ownerId: 'u2', scope: 'personal' },
        ],
      } as never);
      const sources = [
        { ...chunk(1, 'mine.md', 'Mine.', 0.5), knowledgeBaseId: 'own' },
        { ...chunk(2, 'theirs.md', 'Theirs.', 0.4), knowledgeBaseId: 'other' },
      ];
      return mount(MessageCitations, { props: { sources }, global: { plugins } });
    };

    it("offers the base owner a download of the document, and nobody else's", async () => {
      const saved = vi.spyOn(knowledgeApi, 'download').mockResolvedValue(new Blob(['x']));
      globalThis.URL.createObjectURL ??= () => 'blob:x';
      globalThis.URL.revokeObjectURL ??= () => undefined;
      wrapper = mountAs(['user', 'developer']);
      await settle();
      const items = wrapper.findAll('[data-testid="citation"]');
      expect(items[0]!.find('[data-testid="citation-download"]').text()).toBe('Download mine.md');
      expect(items[1]!.find('[data-testid="citation-download"]').exists()).toBe(false);
      await items[0]!.find('[data-testid="citation-download"]').trigger('click');
      expect(saved).toHaveBeenCalledWith('own', 'doc-1');
    });

    it('does not even look up bases for a plain user', async () => {
      wrapper = mountAs(['user']);
      await settle();
      expect(knowledgeApi.list).not.toHaveBeenCalled();
      expect(wrapper.find('[data-testid="citation-download"]').exists()).toBe(false);
    });
  });
});
