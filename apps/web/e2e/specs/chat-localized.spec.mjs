// Issue 17: with the UI in Chinese, an agent that has a Chinese name is called by it everywhere
// (store, chat header, composer hint, conversation list), and its tags are shown in Chinese.
import { AGENT_EN, lastAssistant, sendMessage, waitForAnswerStatus } from '../lib/chat.mjs';
import { assert, expectVisible, logIn, uniqueEmail } from '../lib/ui.mjs';

const AGENT_ZH = '智能客服助手';

export const scenarios = [
  {
    name: 'shows the Chinese agent name and tag labels in the store and the chat when the UI is Chinese',
    async run({ page, api, screenshot }) {
      const email = uniqueEmail('zh-reader');
      const password = 'chinese reader 2026';
      await api('POST', '/auth/register', { email, password, displayName: '中文读者' });
      await logIn(page, email, password);
      await page.getByTestId('locale-select').click();
      await page.getByRole('option', { name: '简体中文' }).click();
      await expectVisible(page.getByTestId('nav-store').filter({ hasText: '商店' }), 'the Chinese UI');

      // Store: the tag chips and the agent page's tags in Chinese.
      await page.goto('/store');
      await expectVisible(page.getByTestId('tag-support').filter({ hasText: '#客服' }), 'the tag chip 客服');
      const search = await api('GET', `/store/agents?q=${encodeURIComponent(AGENT_EN)}`);
      const agent = search.items.find((a) => a.name === AGENT_EN);
      assert(agent?.nameZh === AGENT_ZH, `the seeded agent has the Chinese name ${AGENT_ZH}`);
      await page.goto(`/store/${agent.slug}`);
      await expectVisible(page.getByTestId('agent-name').filter({ hasText: AGENT_ZH }), 'the agent page');
      await expectVisible(
        page.getByRole('link', { name: '#常见问题' }),
        'the tag 常见问题 on the agent page',
      );

      // A new chat: header, start hint and composer hint use the Chinese name.
      await page.goto(`/chats?agent=${agent.id}`);
      await expectVisible(
        page.getByTestId('chat-agent').filter({ hasText: AGENT_ZH }),
        'the Chinese name above the chat',
      );
      await expectVisible(
        page.getByTestId('chat-title').filter({ hasText: `与 ${AGENT_ZH} 的新对话` }),
        'the draft title',
      );
      const placeholder = await page.getByTestId('composer-input').getAttribute('placeholder');
      assert(
        placeholder?.includes(`给 ${AGENT_ZH} 发消息`),
        `the composer hint names the agent in Chinese: "${placeholder}"`,
      );

      // After the first message: the conversation list and the header of the stored chat.
      await sendMessage(page, '你们周末营业吗？');
      await waitForAnswerStatus(page, 'completed');
      await expectVisible(lastAssistant(page), 'the answer');
      await expectVisible(
        page.getByTestId('chat-list-agent').filter({ hasText: AGENT_ZH }),
        'the Chinese agent name in the conversation list',
      );
      await page.reload();
      await expectVisible(
        page.getByTestId('chat-agent').filter({ hasText: AGENT_ZH }),
        'the Chinese name after a reload',
      );
      assert(
        (await page.getByTestId('chat-agent').innerText()).includes(AGENT_EN) === false,
        'the English name is not shown in a Chinese UI',
      );
      await screenshot('chat-zh');
    },
  },
];
