import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mount, type VueWrapper } from '@vue/test-utils';
import { createMemoryHistory, createRouter } from 'vue-router';
import type { AgentListItem } from '@agenthub/contracts';
import { settle, testPlugins } from '@/test/render';
import StudioHomeView from './StudioHomeView.vue';

const confirm = vi.fn(async () => 'confirm');
vi.mock('@/shared/element-services', () => ({
  ElMessageBox: { confirm: (...args: unknown[]) => confirm(...(args as [])) },
  ElMessage: { success: vi.fn(), error: vi.fn() },
}));

const row = (over: Partial<AgentListItem>): AgentListItem => ({
  id: '9a3d5c1e-0a55-4c0e-8f3e-6b1f2c3d4e5f',
  ownerId: '1c2d8d10-2015-4e24-816b-de371ba43653',
  slug: 'support-bot',
  name: 'Support bot',
  nameZh: '客服机器人',
  description: '',
  descriptionZh: null,
  icon: 'headset',
  categoryId: null,
  tags: [],
  status: 'published',
  installCount: 12,
  ratingAvg: 0,
  ratingCount: 0,
  latestVersion: '1.2.0',
  currentVersionId: null,
  templateId: null,
  publishedAt: null,
  archivedAt: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  draftUpdatedAt: '2026-01-02T10:00:00.000Z',
  chatsLast7Days: 7,
  ...over,
});

describe('StudioHomeView', () => {
  let wrapper: VueWrapper | undefined;
  let requests: string[];
  let agents: AgentListItem[];

  beforeEach(() => {
    requests = [];
    agents = [
      row({}),
      row({
        id: '2b3d5c1e-0a55-4c0e-8f3e-6b1f2c3d4e5f',
        slug: 'draft-one',
        name: 'Draft one',
        status: 'draft',
        latestVersion: null,
        chatsLast7Days: 0,
      }),
    ];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
        const url = new URL(String(input), 'http://x');
        requests.push(`${init?.method ?? 'GET'} ${url.pathname}${url.search}`);
        const archive = url.pathname.match(/^\/api\/agents\/([^/]+)\/(archive|unarchive)$/);
        if (archive) {
          const agent = agents.find((a) => a.id === archive[1])!;
          agent.status = archive[2] === 'archive' ? 'archived' : 'published';
          return Response.json(agent);
        }
        const status = url.searchParams.get('status');
        const items = agents.filter((a) => !status || a.status === status);
        return Response.json({ items, total: items.length, page: 1, pageSize: 20 });
      }),
    );
  });
  afterEach(() => {
    wrapper?.unmount();
    document.body.innerHTML = '';
  });

  async function render() {
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [
        { path: '/studio', name: 'studio', component: StudioHomeView },
        { path: '/studio/new', name: 'studio-new', component: { render: () => null } },
        {
          path: '/studio/service-configs',
          name: 'studio-service-configs',
          component: { render: () => null },
        },
        { path: '/studio/agents/:id', name: 'studio-agent', component: { render: () => null } },
      ],
    });
    await router.push('/studio');
    wrapper = mount(
      { template: '<router-view />' },
      { global: { plugins: [...testPlugins().plugins, router] }, attachTo: document.body },
    );
    await settle();
  }

  it('shows each agent with status, published version, installs and chats of the last 7 days', async () => {
    await render();
    const table = wrapper!.find('[data-testid="studio-agents-table"]');
    const text = table.text();
    expect(text).toContain('Support bot');
    expect(text).toContain('support-bot');
    expect(text).toContain('Published');
    expect(text).toContain('1.2.0');
    expect(text).toContain('Not published');
    expect(table.findAll('[data-testid="chats-7d"]').map((c) => c.text())).toEqual(['7', '0']);
    expect(requests[0]).toBe('GET /api/agents?page=1&pageSize=20');
  });

  it('keeps the cards a valid list while loading: the loading mask sits outside the <ul>', async () => {
    let finish: (() => void) | undefined;
    const loaded = vi.mocked(fetch).getMockImplementation()!;
    vi.mocked(fetch).mockImplementation(
      (input, init) => new Promise((resolve) => (finish = () => resolve(loaded(input, init)))),
    );
    await render();
    const cards = wrapper!.find('[data-testid="studio-agents-cards"]');
    expect(cards.find('.el-loading-mask').exists()).toBe(true);
    const children = () => [...cards.find('ul').element.children].map((c) => c.tagName);
    expect(children().every((tag) => tag === 'LI')).toBe(true);
    finish!();
    await settle();
    expect(children()).toEqual(['LI', 'LI']);
  });

  it('archives after confirmation and updates the row', async () => {
    await render();
    const button = wrapper!.find('[data-testid="studio-agents-table"] [data-testid="toggle-archive"]');
    expect(button.text()).toBe('Archive');
    await button.trigger('click');
    await settle();
    expect(confirm).toHaveBeenCalledOnce();
    expect(requests).toContain(`POST /api/agents/${agents[0]!.id}/archive`);
    const again = wrapper!.find('[data-testid="studio-agents-table"] [data-testid="toggle-archive"]');
    expect(again.text()).toBe('Unarchive');
    expect(wrapper!.find('[data-status="archived"]').exists()).toBe(true);
  });

  it('does nothing when the confirmation is cancelled', async () => {
    confirm.mockRejectedValueOnce('cancel');
    await render();
    await wrapper!
      .find('[data-testid="studio-agents-table"] [data-testid="toggle-archive"]')
      .trigger('click');
    await settle();
    expect(requests.some((r) => r.startsWith('POST'))).toBe(false);
  });
});
