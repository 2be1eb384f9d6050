/* global document, URL */
// Issue 6: a long conversation (500+ messages) stays smooth. The conversation is built through
// the real API (260 turns on the demo model with no delay between words); the page must keep only
// the messages near the viewport in the DOM and still reach the first and the last message.
import { AGENT_EN, apiLogin, withSlowDemoModel } from '../lib/chat.mjs';
import { assert, expectVisible, logIn, uniqueEmail } from '../lib/ui.mjs';

const TURNS = 260;
/** Far fewer than the 520 messages: what a screen shows plus the overscan on each side. */
const MAX_RENDERED = 80;

const renderedCount = (page) => page.getByTestId('message').count();

export const scenarios = [
  {
    name: 'a 520-message conversation renders only what is visible and scrolls from its last to its first message',
    async run(ctx) {
      const { page, api } = ctx;
      const email = uniqueEmail('long');
      const password = 'long conversation 2026';
      await api('POST', '/auth/register', { email, password, displayName: 'Long Talker' });
      const token = await apiLogin(api, email, password);
      const [agent] = (await api('GET', `/store/agents?q=${encodeURIComponent(AGENT_EN)}`, undefined, token))
        .items;
      const chat = await api('POST', '/chats', { agentId: agent.id, title: 'A very long talk' }, token);
      await withSlowDemoModel(
        ctx,
        async () => {
          for (let i = 1; i <= TURNS; i++)
            await api('POST', `/chats/${chat.id}/messages`, { content: `Question number ${i}` }, token);
        },
        0,
      );
      const { items } = await api('GET', `/chats/${chat.id}/messages`, undefined, token);
      assert(items.length === TURNS * 2, `the API holds ${TURNS * 2} messages, got ${items.length}`);

      await logIn(page, email, password);
      await page.goto(new URL(`/chats/${chat.id}`, page.url()).toString());
      const last = page.getByTestId('message').filter({ hasText: `Question number ${TURNS}"` });
      await expectVisible(last.last(), 'the last answer, at the bottom');
      const atBottom = await renderedCount(page);
      assert(
        atBottom > 0 && atBottom <= MAX_RENDERED,
        `at most ${MAX_RENDERED} messages in the DOM, got ${atBottom}`,
      );

      // Scroll up to the very top in screen-sized steps, as a reader would; the window follows.
      const list = page.getByTestId('message-list');
      const first = page.getByTestId('message-content').filter({ hasText: /^\s*Question number 1\s*$/ });
      for (let step = 0; step < 400 && (await first.count()) === 0; step++) {
        await list.evaluate((el) => el.scrollBy(0, -el.clientHeight));
        await page.evaluate(() => new Promise((r) => document.defaultView.requestAnimationFrame(() => r())));
      }
      await expectVisible(first.first(), 'the first question, after scrolling to the top');
      const atTop = await renderedCount(page);
      assert(
        atTop <= MAX_RENDERED,
        `still at most ${MAX_RENDERED} messages in the DOM at the top, got ${atTop}`,
      );
      assert(
        (await page
          .getByTestId('message-content')
          .filter({ hasText: /^\s*Question number 130\s*$/ })
          .count()) === 0,
        'a message in the middle is not rendered while the top is shown',
      );
    },
  },
];
