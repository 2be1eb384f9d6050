import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mount, type VueWrapper } from '@vue/test-utils';
import { createMemoryHistory, createRouter } from 'vue-router';
import NodeTypesView from './NodeTypesView.vue';
import { http } from '@/api/http-client';
import { confirmAction } from '@/shared/confirm';
import { settle, testPlugins } from '@/test/render';

vi.mock('@/shared/confirm', () => ({ confirmAction: vi.fn(async () => false) }));

const custom = {
  typeName: 'weather_lookup',
  displayName: 'Weather lookup',
  kind: 'llm',
  category: 'general',
  description: '',
  icon: null,
  tags: [],
  requiredServices: [],
  inputSchema: { type: 'object' },
  outputSchema: {},
  defaultConfig: {},
  builtin: false,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

describe('NodeTypesView delete', () => {
  let wrapper: VueWrapper | undefined;
  const requests: string[] = [];
  beforeEach(() => {
    requests.length = 0;
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
        const url = String(input);
        requests.push(`${init?.method ?? 'GET'} ${url}`);
        if (/\/usage/.test(url)) return Response.json({ typeName: custom.typeName, total: 0, items: [] });
        return Response.json({ items: [custom], total: 1, page: 1, pageSize: 100 });
      }),
    );
    http.bindSession({ accessToken: () => 't', refreshToken: () => 'r', update: vi.fn(), expire: vi.fn() });
  });
  afterEach(() => {
    wrapper?.unmount();
    http.bindSession(null);
    document.body.innerHTML = '';
    vi.unstubAllGlobals();
  });

  it('confirms naming the type and what deleting it affects, and deletes nothing when cancelled', async () => {
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [
        { path: '/admin/node-types', name: 'admin-node-types', component: NodeTypesView },
        { path: '/admin/node-types/:type', name: 'admin-node-type-edit', component: { template: '<div />' } },
        { path: '/admin/node-types/new', name: 'admin-node-type-new', component: { template: '<div />' } },
      ],
    });
    await router.push('/admin/node-types');
    wrapper = mount(
      { template: '<router-view />' },
      { global: { plugins: [...testPlugins().plugins, router] }, attachTo: document.body },
    );
    await settle();
    await wrapper.get('[data-testid="delete-weather_lookup"]').trigger('click');
    await settle();

    expect(vi.mocked(confirmAction)).toHaveBeenCalledWith(
      expect.objectContaining({
        title: 'Delete',
        message: [
          'Delete the node type Weather lookup?',
          'This affects:',
          '• Developers no longer find it in the Studio palette; no template or agent version uses it',
          'This cannot be undone.',
        ].join('\n'),
      }),
    );
    expect(requests.some((r) => r.startsWith('DELETE'))).toBe(false);
  });
});
