// Issue 6 (chat part): a connection dropped mid-answer. The browser talks to the API through a
// TCP proxy that resets every open socket while the answer streams and keeps accepting new
// connections; the page must notice (stream-status "reconnecting"), re-join the run with
// Last-Event-ID and finish the answer with exactly the text the API stored: no gap, no repeat.
import {
  AGENT_EN,
  apiLogin,
  currentChatId,
  demoAnswer,
  flat,
  recordAttribute,
  seenValues,
  sendMessage,
  storedAnswer,
  waitForAnswerStatus,
  waitForPartialAnswer,
  withSlowDemoModel,
} from '../lib/chat.mjs';
import { startTcpProxy } from '../lib/tcp-proxy.mjs';
import { assert, expectVisible, logIn, uniqueEmail } from '../lib/ui.mjs';

const QUESTION = 'Which payment methods do you accept for online orders?';
const RELOAD_QUESTION = 'Do you ship to Hong Kong and Macau?';

export const scenarios = [
  {
    name: 'a connection cut mid-answer reconnects and the answer completes without gaps or repeats',
    async run(ctx) {
      const { page, api, baseUrl, shared } = ctx;
      const email = (shared.email = uniqueEmail('cut'));
      const password = (shared.password = 'connection cut 2026');
      await api('POST', '/auth/register', { email, password, displayName: 'Flaky Network' });
      const token = (shared.token = await apiLogin(api, email, password));
      const [agent] = (await api('GET', `/store/agents?q=${encodeURIComponent(AGENT_EN)}`, undefined, token))
        .items;
      assert(agent?.name === AGENT_EN, `the seeded agent is in the store, got ${agent?.name}`);
      shared.agentId = agent.id;

      const proxy = await startTcpProxy(baseUrl);
      try {
        // The whole page runs through the proxy (its own origin, so it signs in there).
        await logIn(page, email, password, proxy.url);
        await page.goto(`${proxy.url}/chats?agent=${agent.id}`);
        await expectVisible(page.getByTestId('chat-agent').filter({ hasText: AGENT_EN }), 'the new chat');
        await recordAttribute(page, 'stream-status', 'data-state');

        await withSlowDemoModel(ctx, async () => {
          await sendMessage(page, QUESTION);
          const partial = await waitForPartialAnswer(page);
          const acceptedBeforeCut = proxy.accepted();
          const cut = proxy.cutAll();
          assert(cut > 0, 'there were open connections to cut');

          const final = await waitForAnswerStatus(page, 'completed');
          const states = await seenValues(page, 'stream-status', 'data-state');
          assert(
            states.includes('reconnecting'),
            `the stream status showed "reconnecting" after the cut (saw ${states.join(' → ')})`,
          );
          assert(
            states.lastIndexOf('live') > states.indexOf('reconnecting'),
            `the stream went live again after reconnecting (saw ${states.join(' → ')})`,
          );
          assert(proxy.accepted() > acceptedBeforeCut, 'the page reconnected through the proxy');
          assert(partial.length < final.length, 'the answer went on after the cut');

          const chatId = await currentChatId(page);
          const stored = await storedAnswer(api, token, chatId);
          assert(stored.status === 'completed', `the stored answer is completed, got ${stored.status}`);
          assert(
            final === flat(stored.content),
            `the page shows exactly the stored answer:\n  page: ${final}\n  API:  ${flat(stored.content)}`,
          );
          assert(final === demoAnswer(QUESTION), `no gap and no repeated words:\n  ${final}`);
        });
        // Nothing streams any more: the indicator settles on idle.
        await page.locator('[data-testid="stream-status"][data-state="idle"]').waitFor();
      } finally {
        await proxy.close();
      }
    },
  },
  {
    name: 'reloading the page mid-answer re-joins the run and shows the whole answer once',
    async run(ctx) {
      const { page, api, shared } = ctx;
      await logIn(page, shared.email, shared.password);
      await page.goto(`/chats?agent=${shared.agentId}`);
      await expectVisible(page.getByTestId('chat-agent').filter({ hasText: AGENT_EN }), 'the new chat');

      // Slower than elsewhere: the reload must land well before the answer's end.
      await withSlowDemoModel(
        ctx,
        async () => {
          await sendMessage(page, RELOAD_QUESTION);
          const partial = await waitForPartialAnswer(page);
          const chatId = await currentChatId(page);
          await page.reload();
          // The reloaded page finds the reply still streaming and follows its run from the start.
          await expectVisible(
            page.getByTestId('message').and(page.locator('[data-status="streaming"]')),
            'the answer still streaming after the reload',
          );
          const final = await waitForAnswerStatus(page, 'completed');
          assert(partial.length < final.length, 'the answer went on after the reload');
          const stored = await storedAnswer(api, shared.token, chatId);
          assert(
            final === flat(stored.content),
            `the page shows exactly the stored answer:\n  page: ${final}\n  API:  ${flat(stored.content)}`,
          );
          assert(final === demoAnswer(RELOAD_QUESTION), `no gap and no repeated words:\n  ${final}`);
        },
        100,
      );
    },
  },
];
