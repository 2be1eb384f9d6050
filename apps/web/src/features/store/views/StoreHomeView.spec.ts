import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mount, type VueWrapper } from '@vue/test-utils';
import { createMemoryHistory, createRouter, type Router } from 'vue-router';
import type { StoreAgentSummary } from '@agenthub/contracts';
import StoreHomeView from './StoreHomeView.vue';
import { settle, testPlugins } from '@/test/render';

const agent: StoreAgentSummary = {
  id: '0a008692-7885-4572-a414-ddd74a132c3f',
  slug: 'support-bot',
  name: 'Customer service assistant',
  nameZh: '智能客服助手',
  description: 'Answers **common** questions.',
  descriptionZh: null,
  icon: 'headset',
  tags: ['faq', 'support'],
  category: null,
  developer: { id: '1c2d8d10-2015-4e24-816b-de371ba43653', displayName: 'AgentHub Demo' },
  installCount: 1200,
  ratingAvg: 4.5,
  ratingCount: 2,
  ratingScore: 4,
  latestVersion: '1.0.0',
  publishedAt: '2026-01-01T00:00:00.000Z',
  installed: false,
};

function stubApi() {
  const searches: string[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL) => {
      const url = new URL(String(input), 'http://x');
      if (url.pathname === '/api/store/categories') return Response.json({ items: [] });
      searches.push(`${url.pathname}${url.search}`);
      const q = url.searchParams.get('q');
      const items = !q || '客服 customer'.includes(q) ? [agent] : [];
      return Response.json({ items, total: items.length, page: 1, pageSize: 12 });
    }),
  );
  return searches;
}

describe('StoreHomeView', () => {
  let wrapper: VueWrapper | undefined;
  let router: Router;
  let searches: string[];

  beforeEach(() => {
    searches = stubApi();
  });
  afterEach(() => {
    wrapper?.unmount();
    document.body.innerHTML = '';
  });

  async function render(path: string) {
    router = createRouter({
      history: createMemoryHistory(),
      routes: [
        { path: '/store', name: 'store', component: StoreHomeView },
        { path: '/store/:slug', name: 'store-agent', component: { render: () => null } },
      ],
    });
    await router.push(path);
    wrapper = mount(
      { template: '<router-view />' },
      {
        global: { plugins: [...testPlugins().plugins, router] },
        attachTo: document.body,
      },
    );
    await settle();
  }

  it('searches with the query held in the URL and shows the cards', async () => {
    await render('/store?q=%E5%AE%A2%E6%9C%8D&tags=faq');

    expect(searches).toEqual([
      '/api/store/agents?q=%E5%AE%A2%E6%9C%8D&sort=relevance&page=1&pageSize=12&tags=faq',
    ]);
    const card = wrapper!.find('[data-testid="agent-card-support-bot"]');
    expect(card.text()).toContain('Customer service assistant');
    expect(card.text()).toContain('by AgentHub Demo');
    expect(card.text()).toContain('1.2K installs');
    expect(card.find('[role="img"]').attributes('aria-label')).toBe('Rated 4.5 out of 5 by 2 users');
    // The card teaser is plain text: markdown syntax is stripped.
    expect(card.text()).toContain('Answers common questions.');
    expect(wrapper!.find('[data-testid="tag-faq"]').attributes('aria-pressed')).toBe('true');
  });

  it('puts a chosen sort in the URL and searches again; the back button undoes it', async () => {
    await render('/store');
    await router.push({ query: { sort: 'newest' } });
    await settle();
    expect(searches.at(-1)).toBe('/api/store/agents?sort=newest&page=1&pageSize=12');

    router.back();
    await settle(5);
    expect(router.currentRoute.value.query).toEqual({});
    expect(searches.at(-1)).toBe('/api/store/agents?sort=popular&page=1&pageSize=12');
  });

  it('shows an empty state that clears the filters', async () => {
    await render('/store?q=nothing-like-this&tags=faq');
    expect(wrapper!.find('[data-testid="store-empty"]').text()).toContain('No agents match your search.');

    const clear = wrapper!.findAll('button').find((b) => b.text() === 'Clear filters')!;
    await clear.trigger('click');
    await settle();
    expect(router.currentRoute.value.fullPath).toBe('/store');
    expect(wrapper!.find('[data-testid="agent-card-support-bot"]').exists()).toBe(true);
  });
});
