import { describe, expect, it } from 'vitest';
import { defineComponent, h, nextTick } from 'vue';
import { mount } from '@vue/test-utils';
import { createMemoryHistory, createRouter } from 'vue-router';
import { parseStoreQuery, toStoreRouteQuery, useStoreQuery } from './use-store-query';

describe('parseStoreQuery', () => {
  it('reads every field from the URL', () => {
    expect(
      parseStoreQuery({ q: ' 客服 ', category: 'writing', tags: 'faq,support', sort: 'rating', page: '3' }),
    ).toEqual({ q: '客服', category: 'writing', tags: ['faq', 'support'], sort: 'rating', page: 3 });
  });

  it('gives defaults for an empty URL', () => {
    expect(parseStoreQuery({})).toEqual({ q: '', category: '', tags: [], sort: '', page: 1 });
  });

  it('drops invalid values instead of sending them to the API', () => {
    expect(
      parseStoreQuery({
        sort: 'cheapest',
        page: '-2',
        category: 'x'.repeat(81),
        tags: ['a', ' ', 'a', 'y'.repeat(41), 'b'],
      }),
    ).toEqual({ q: '', category: '', tags: ['a', 'b'], sort: '', page: 1 });
    expect(parseStoreQuery({ page: '1.5' }).page).toBe(1);
    expect(parseStoreQuery({ page: 'abc' }).page).toBe(1);
    // Relevance without a search is meaningless.
    expect(parseStoreQuery({ sort: 'relevance' }).sort).toBe('');
  });

  it('accepts repeated tags and keeps only the first of repeated single values', () => {
    expect(parseStoreQuery({ tags: ['a', 'b,c'], q: ['x', 'y'] })).toMatchObject({
      q: 'x',
      tags: ['a', 'b', 'c'],
    });
  });
});

describe('toStoreRouteQuery', () => {
  it('omits defaults so shared links stay short', () => {
    expect(toStoreRouteQuery({ q: '', category: '', tags: [], sort: '', page: 1 })).toEqual({});
    expect(toStoreRouteQuery({ sort: 'popular' })).toEqual({});
    expect(toStoreRouteQuery({ q: '客服', sort: 'relevance' })).toEqual({ q: '客服' });
  });

  it('writes the non-default values', () => {
    expect(
      toStoreRouteQuery({ q: 'bot', category: 'writing', tags: ['a', 'b'], sort: 'newest', page: 2 }),
    ).toEqual({ q: 'bot', category: 'writing', tags: 'a,b', sort: 'newest', page: '2' });
  });

  it('round-trips through the URL', () => {
    const state = {
      q: '翻译',
      category: 'translation',
      tags: ['language'],
      sort: 'rating' as const,
      page: 4,
    };
    const query = toStoreRouteQuery(state) as Record<string, string>;
    expect(parseStoreQuery(query)).toEqual(state);
  });
});

describe('useStoreQuery', () => {
  async function setup(path: string) {
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [{ path: '/store', component: { render: () => null } }],
    });
    await router.push(path);
    let api!: ReturnType<typeof useStoreQuery>;
    mount(
      defineComponent({
        setup() {
          api = useStoreQuery();
          return () => h('div');
        },
      }),
      { global: { plugins: [router] } },
    );
    return { router, api };
  }

  it('writes a change to the URL, back to page 1, and the back button restores the old state', async () => {
    const { router, api } = await setup('/store?category=writing&page=3');
    expect(api.state.value).toMatchObject({ category: 'writing', page: 3 });
    expect(api.sort.value).toBe('popular');

    await api.update({ q: '客服' });
    expect(router.currentRoute.value.query).toEqual({ q: '客服', category: 'writing' });
    expect(api.sort.value).toBe('relevance');

    await api.toggleTag('faq');
    expect(router.currentRoute.value.query).toEqual({ q: '客服', category: 'writing', tags: 'faq' });

    router.back();
    await new Promise((r) => setTimeout(r, 10));
    await nextTick();
    expect(api.state.value).toMatchObject({ q: '客服', tags: [] });
  });
});
