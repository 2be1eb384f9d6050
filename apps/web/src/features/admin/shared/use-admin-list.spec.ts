import { describe, expect, it, vi } from 'vitest';
import type { Page } from '@agenthub/contracts';
import { listQuery, useAdminList } from './use-admin-list';

const page = <T>(items: T[], total = items.length): Page<T> => ({ items, total, page: 1, pageSize: 20 });

describe('admin list', () => {
  it('sends trimmed filters and leaves the empty ones out', () => {
    expect(listQuery({ q: '  ada ', role: '', status: 'disabled' }, 2, 20)).toEqual({
      q: 'ada',
      status: 'disabled',
      page: 2,
      pageSize: 20,
    });
  });

  it('goes back to page 1 when filters change and keeps the page on reload', async () => {
    const fetch = vi.fn(async () => page([{ id: 'a' }], 45));
    const list = useAdminList({ filters: { q: '' }, fetch });
    list.page.value = 3;
    await list.load();
    expect(fetch).toHaveBeenLastCalledWith({ page: 3, pageSize: 20 });
    list.filters.q = 'x';
    await list.applyFilters();
    expect(fetch).toHaveBeenLastCalledWith({ q: 'x', page: 1, pageSize: 20 });
    expect(list.page.value).toBe(1);
    expect(list.total.value).toBe(45);
  });

  it('never lets an older, slower answer overwrite a newer one, and replaces edited items', async () => {
    let answerFirst!: (p: Page<{ id: string; n: number }>) => void;
    const fetch = vi
      .fn()
      .mockImplementationOnce(() => new Promise((resolve) => (answerFirst = resolve)))
      .mockResolvedValueOnce(page([{ id: 'new', n: 1 }]));
    const list = useAdminList<{ id: string; n: number }, { q: string }>({ filters: { q: '' }, fetch });
    const first = list.load();
    await list.applyFilters();
    answerFirst(page([{ id: 'old', n: 1 }]));
    await first;
    expect(list.items.value.map((x) => x.id)).toEqual(['new']);
    expect(list.loading.value).toBe(false);
    list.replace({ id: 'new', n: 2 });
    expect(list.items.value).toEqual([{ id: 'new', n: 2 }]);
  });
});
