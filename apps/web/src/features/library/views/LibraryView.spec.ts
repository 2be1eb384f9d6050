import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mount, type VueWrapper } from '@vue/test-utils';
import { createMemoryHistory, createRouter, type Router } from 'vue-router';
import type { LibraryItem } from '@agenthub/contracts';
import LibraryView from './LibraryView.vue';
import { settle, testPlugins } from '@/test/render';

const item: LibraryItem = {
  agent: {
    id: '0a008692-7885-4572-a414-ddd74a132c3f',
    slug: 'translator',
    name: 'Translator',
    nameZh: '翻译助手',
    description: 'Translates text.',
    descriptionZh: null,
    icon: 'translate',
    tags: [],
    category: null,
    developer: { id: '1c2d8d10-2015-4e24-816b-de371ba43653', displayName: 'Demo' },
    installCount: 3,
    ratingAvg: 0,
    ratingCount: 0,
    ratingScore: 3,
    latestVersion: '1.0.0',
    publishedAt: null,
    installed: true,
  },
  installedAt: '2026-01-02T10:00:00.000Z',
  lastUsedAt: null,
  useCount: 0,
  available: true,
};

describe('LibraryView', () => {
  let wrapper: VueWrapper | undefined;
  let router: Router;
  const calls: string[] = [];

  beforeEach(() => {
    calls.length = 0;
    let installed = true;
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
        calls.push(`${init?.method ?? 'GET'} ${String(input)}`);
        if (init?.method === 'DELETE') {
          installed = false;
          return Response.json({
            agentId: item.agent.id,
            installed: false,
            installedAt: null,
            installCount: 2,
          });
        }
        const items = installed ? [item] : [];
        return Response.json({ items, total: items.length, page: 1, pageSize: 20 });
      }),
    );
  });
  afterEach(() => {
    wrapper?.unmount();
    document.body.innerHTML = '';
  });

  async function render() {
    router = createRouter({
      history: createMemoryHistory(),
      routes: [
        { path: '/library', name: 'library', component: LibraryView },
        { path: '/store', name: 'store', component: { render: () => null } },
        { path: '/store/:slug', name: 'store-agent', component: { render: () => null } },
        { path: '/chats', name: 'chats', component: { render: () => null } },
      ],
    });
    await router.push('/library');
    wrapper = mount(
      { template: '<router-view />' },
      { global: { plugins: [...testPlugins().plugins, router] }, attachTo: document.body },
    );
    await settle();
  }

  it('lists installed agents with when they were installed and last used', async () => {
    await render();
    const row = wrapper!.find('[data-testid="library-item-translator"]');
    expect(row.text()).toContain('Translator');
    expect(row.text()).toContain('Not used yet');
    expect(row.find('a[href="/store/translator"]').exists()).toBe(true);
  });

  it('opens a chat with the agent', async () => {
    await render();
    await wrapper!.find('[data-testid="library-chat"]').trigger('click');
    await settle();
    expect(router.currentRoute.value.fullPath).toBe(`/chats?agent=${item.agent.id}`);
  });

  it('uninstalls only after confirmation', async () => {
    await render();
    await wrapper!.find('[data-testid="library-uninstall"]').trigger('click');
    await settle(5);
    expect(document.querySelector('.el-message-box')?.textContent).toContain('Uninstall Translator?');
    document.querySelector<HTMLElement>('.el-message-box .el-button--danger')!.click();
    await settle(5);

    expect(calls).toContain(`DELETE /api/store/agents/${item.agent.id}/install`);
    expect(wrapper!.find('[data-testid="library-empty"]').exists()).toBe(true);
  });
});
