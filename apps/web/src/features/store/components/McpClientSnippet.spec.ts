import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mount, type VueWrapper } from '@vue/test-utils';
import { createMemoryHistory, createRouter } from 'vue-router';
import McpClientSnippet from './McpClientSnippet.vue';
import { mcpConfigSnippet, mcpServerName, mcpUrls } from '../mcp-snippet.util';
import { settle, testPlugins } from '@/test/render';

describe('mcp-snippet.util', () => {
  it('builds the streamable HTTP URLs (all agents, this agent) and the legacy SSE one', () => {
    expect(mcpUrls('https://hub.example/', 'support bot')).toEqual({
      all: 'https://hub.example/mcp',
      agent: 'https://hub.example/mcp/agents/support%20bot',
      agentSse: 'https://hub.example/mcp/agents/support%20bot/sse',
    });
  });

  it('names the server after the agent and puts the key placeholder in a Bearer header', () => {
    expect(mcpServerName('translator')).toBe('agenthub-translator');
    expect(mcpServerName('客服')).toBe('agenthub');
    expect(JSON.parse(mcpConfigSnippet('agenthub-x', 'https://h/mcp/agents/x', '<key>'))).toEqual({
      mcpServers: {
        'agenthub-x': { url: 'https://h/mcp/agents/x', headers: { Authorization: 'Bearer <key>' } },
      },
    });
  });
});

describe('McpClientSnippet', () => {
  let wrapper: VueWrapper | undefined;
  const writeText = vi.fn(async () => undefined);

  async function render(props: { installed: boolean }) {
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [
        { path: '/', component: { render: () => null } },
        { path: '/account/api-keys', name: 'api-keys', component: { render: () => null } },
      ],
    });
    await router.push('/');
    wrapper = mount(McpClientSnippet, {
      props: { slug: 'translator', origin: 'https://hub.example', ...props },
      global: { plugins: [...testPlugins().plugins, router] },
      attachTo: document.body,
    });
    await settle();
    return wrapper;
  }

  beforeEach(() => {
    writeText.mockClear();
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
  });
  afterEach(() => {
    wrapper?.unmount();
    document.body.innerHTML = '';
  });

  it('shows the URL and an mcpServers config with the API key placeholder, and copies it', async () => {
    const w = await render({ installed: true });
    expect(w.get('h2').text()).toBe('Use in Claude / Cursor');
    expect(w.get('[data-testid="mcp-url"]').text()).toBe('https://hub.example/mcp/agents/translator');
    expect(w.get('[data-testid="mcp-url-all"]').text()).toBe('https://hub.example/mcp');
    const config = JSON.parse(w.get('[data-testid="mcp-config"]').text());
    expect(config).toEqual({
      mcpServers: {
        'agenthub-translator': {
          url: 'https://hub.example/mcp/agents/translator',
          headers: { Authorization: 'Bearer <your API key>' },
        },
      },
    });
    expect(w.find('[data-testid="mcp-install-first"]').exists()).toBe(false);
    expect(w.get('[data-testid="mcp-api-keys-link"]').attributes('href')).toBe('/account/api-keys');

    await w.get('[data-testid="mcp-copy-config"]').trigger('click');
    await settle();
    expect(writeText).toHaveBeenCalledWith(w.get('[data-testid="mcp-config"]').text());
    await w.get('[data-testid="mcp-copy-url"]').trigger('click');
    await settle();
    expect(writeText).toHaveBeenLastCalledWith('https://hub.example/mcp/agents/translator');
  });

  it('asks to install the agent first when it is not in the library', async () => {
    const w = await render({ installed: false });
    expect(w.get('[data-testid="mcp-install-first"]').text()).toContain('Install the agent first');
  });
});
