import { afterEach, describe, expect, it } from 'vitest';
import { mount, type VueWrapper } from '@vue/test-utils';
import { createMemoryHistory, createRouter } from 'vue-router';
import type { Composer } from 'vue-i18n';
import type { Chat } from '@agenthub/contracts';
import { settle, testPlugins } from '@/test/render';
import ChatSidebar from './ChatSidebar.vue';

const chat = (over: Partial<Chat>): Chat => ({
  id: '00000000-0000-4000-8000-0000000000c1',
  agentId: '00000000-0000-4000-8000-00000000a9e0',
  agentName: 'Customer service',
  agentNameZh: '客服助手',
  agentVersionId: '00000000-0000-4000-8000-0000000000f1',
  agentVersion: '1.0.0',
  title: 'Opening hours',
  archived: false,
  lastActivityAt: new Date().toISOString(),
  createdAt: new Date().toISOString(),
  ...over,
});

describe('ChatSidebar', () => {
  let wrapper: VueWrapper | undefined;
  afterEach(() => wrapper?.unmount());

  it("names each chat's agent in the reader's language", async () => {
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [{ path: '/chats/:id?', name: 'chats', component: { template: '<div />' } }],
    });
    const { plugins } = testPlugins();
    wrapper = mount(ChatSidebar, {
      props: {
        chats: [
          chat({}),
          chat({ id: '00000000-0000-4000-8000-0000000000c2', agentName: 'Helper', agentNameZh: null }),
        ],
        activeId: null,
        query: '',
        loading: false,
      },
      global: { plugins: [...plugins, router] },
    });
    await settle();
    const agents = () => wrapper!.findAll('[data-testid="chat-list-agent"]').map((a) => a.text());
    expect(agents()).toEqual(['Customer service', 'Helper']);

    const i18n = (plugins[1] as unknown as { global: Composer }).global;
    i18n.locale.value = 'zh-CN';
    await settle();
    expect(agents()).toEqual(['客服助手', 'Helper']);
  });
});
