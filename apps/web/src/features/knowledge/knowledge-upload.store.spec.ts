import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { KNOWLEDGE_LIMITS, type KnowledgeBase, type KnowledgeDocument } from '@agenthub/contracts';
import { knowledgeApi } from '@/api/knowledge.api';
import { ApiError } from '@/api/api-error';
import { useKnowledgeStore } from './knowledge.store';
import { eachLimited, rejectReason, uploadPercent } from './upload-queue';

const file = (name: string, size: number) => new File([new Uint8Array(size)], name);
const doc = (name: string): KnowledgeDocument =>
  ({ id: `d-${name}`, name, status: 'queued', progress: { done: 0, total: 0 } }) as KnowledgeDocument;

describe('upload checks', () => {
  it('refuses unknown types, empty and oversized files before sending them', () => {
    expect(rejectReason({ name: 'notes.md', size: 10 })).toBeNull();
    expect(rejectReason({ name: 'Paper.PDF', size: 10 })).toBeNull();
    expect(rejectReason({ name: 'tool.exe', size: 10 })).toBe('unsupportedType');
    expect(rejectReason({ name: 'README', size: 10 })).toBe('unsupportedType');
    expect(rejectReason({ name: 'a.txt', size: 0 })).toBe('empty');
    expect(rejectReason({ name: 'a.txt', size: KNOWLEDGE_LIMITS.maxFileBytes })).toBeNull();
    expect(rejectReason({ name: 'a.txt', size: KNOWLEDGE_LIMITS.maxFileBytes + 1 })).toBe('tooLarge');
  });

  it('computes the bar from bytes sent, full once uploaded', () => {
    const item = { key: 'k', name: 'a', size: 200, loaded: 50, state: 'uploading' as const };
    expect(uploadPercent(item)).toBe(25);
    expect(uploadPercent({ ...item, state: 'uploaded' })).toBe(100);
    expect(uploadPercent({ ...item, size: 0 })).toBe(0);
  });

  it('never runs more than the limit at once and runs every item', async () => {
    let running = 0;
    let peak = 0;
    const done: number[] = [];
    await eachLimited([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await Promise.resolve();
      await Promise.resolve();
      running--;
      done.push(n);
    });
    expect(peak).toBe(3);
    expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
});

describe('knowledge store uploads', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
  });
  afterEach(() => vi.restoreAllMocks());

  it('uploads several files with their own progress; one failure stays on its file', async () => {
    const store = useKnowledgeStore();
    store.current = { id: 'kb1' } as KnowledgeBase;
    const progress: Record<string, number[]> = {};
    vi.spyOn(knowledgeApi, 'upload').mockImplementation(async (_kb, f, onProgress) => {
      onProgress?.(f.size / 2, f.size);
      progress[f.name] = store.uploads.filter((u) => u.name === f.name).map((u) => u.loaded);
      if (f.name === 'bad.pdf')
        throw new ApiError({ status: 400, code: 'document_unreadable', message: 'The PDF cannot be read' });
      return doc(f.name);
    });

    await store.uploadFiles([file('a.md', 40), file('bad.pdf', 20), file('virus.exe', 5)]);

    expect(knowledgeApi.upload).toHaveBeenCalledTimes(2);
    expect(progress).toEqual({ 'a.md': [20], 'bad.pdf': [10] });
    const byName = Object.fromEntries(store.uploads.map((u) => [u.name, u]));
    expect(byName['a.md']).toMatchObject({ state: 'uploaded', loaded: 40 });
    expect(byName['bad.pdf']!.state).toBe('failed');
    expect((byName['bad.pdf']!.error as ApiError).message).toBe('The PDF cannot be read');
    expect(byName['virus.exe']).toMatchObject({ state: 'rejected', reason: 'unsupportedType' });
    expect(store.documents.map((d) => d.name)).toEqual(['a.md']);

    store.dismissUpload(byName['virus.exe']!.key);
    expect(store.uploads.map((u) => u.name)).toEqual(['a.md', 'bad.pdf']);
  });
});
