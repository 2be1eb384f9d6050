import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mount, type VueWrapper } from '@vue/test-utils';
import { createMemoryHistory, createRouter } from 'vue-router';
import type { NodeType } from '@agenthub/contracts';
import { BUILTIN_NODE_TYPES } from '../../../../../../../packages/engine/src/node-types/builtin-node-types';
import NodeTypeEditView from './NodeTypeEditView.vue';
import { http } from '@/api/http-client';
import { settle, testPlugins } from '@/test/render';

const stamp = '2026-01-01T00:00:00.000Z';
const builtins: NodeType[] = BUILTIN_NODE_TYPES.map((n) => ({
  ...n,
  icon: n.icon ?? null,
  tags: [...(n.tags ?? [])],
  requiredServices: [...(n.requiredServices ?? [])],
  defaultConfig: { ...(n.defaultConfig ?? {}) },
  outputSchema: n.outputSchema ?? {},
  description: n.description ?? '',
  category: n.category ?? 'general',
  builtin: true,
  createdAt: stamp,
  updatedAt: stamp,
})) as NodeType[];

function stubApi() {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL) => {
      const url = String(input);
      const usage = /\/node-types\/([^/?]+)\/usage/.exec(url);
      if (usage) return Response.json({ typeName: usage[1], total: 0, items: [] });
      return Response.json({ items: builtins, total: builtins.length, page: 1, pageSize: 100 });
    }),
  );
}

const Blank = { template: '<div />' };

describe('NodeTypeEditView', () => {
  let wrapper: VueWrapper | undefined;
  beforeEach(() => {
    stubApi();
    http.bindSession({ accessToken: () => 't', refreshToken: () => 'r', update: vi.fn(), expire: vi.fn() });
  });
  afterEach(() => {
    wrapper?.unmount();
    http.bindSession(null);
    document.body.innerHTML = '';
    vi.unstubAllGlobals();
  });

  async function render(path: string) {
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [
        { path: '/admin/node-types', name: 'admin-node-types', component: Blank },
        {
          path: '/admin/node-types/:type',
          name: 'admin-node-type-edit',
          component: NodeTypeEditView,
          props: true,
        },
        { path: '/admin/templates', name: 'admin-templates', component: Blank },
        { path: '/studio/agents/:id/workflow', name: 'studio-agent-workflow', component: Blank },
      ],
    });
    await router.push(path);
    wrapper = mount(
      { template: '<router-view />' },
      { global: { plugins: [...testPlugins().plugins, router] }, attachTo: document.body },
    );
    await settle();
  }

  it.each(builtins.map((n) => [n.typeName, n] as const))(
    'previews the form developers get for the built-in %s type',
    async (typeName, type) => {
      await render(`/admin/node-types/${typeName}`);
      const preview = document.querySelector('[data-testid="nt-preview"]')!;
      const props = Object.keys((type.inputSchema.properties ?? {}) as object);
      expect(props.length).toBeGreaterThan(0);
      // JSON Forms numbers ids it has handed out before (`prompt2-input`), so match the stem.
      const ids = [...preview.querySelectorAll('[id]')].map((e) => e.id);
      for (const p of props)
        expect(
          ids.some((id) => new RegExp(`^#/properties/${p}\\d*-input$`).test(id)),
          `${p} in ${ids.join(' ')}`,
        ).toBe(true);
      expect(document.querySelector('[data-testid="nt-input-schema-problems"]')!.textContent).toContain(
        'Valid',
      );
      expect(document.querySelector('[data-testid="nt-defaults-problems"]')!.textContent).toContain('Valid');
      // A built-in keeps its executor kind and its name.
      expect(document.querySelector('[data-testid="nt-type-name"]')!.hasAttribute('disabled')).toBe(true);
    },
    // Three CodeMirror editors and a JSON Forms form per render: slow on a shared CI core.
    30_000,
  );
});
