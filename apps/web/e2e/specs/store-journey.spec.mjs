/* global document, window, setTimeout, URL, fetch */
// Issue 6 (store part): find an agent with a Chinese search, install it, rate it, see it in the
// Library and uninstall it, on the demo agents the API seeds into a fresh database.
import { expectNoSeriousA11yViolations } from '../lib/a11y.mjs';
import { assert, expectVisible, logIn, uniqueEmail } from '../lib/ui.mjs';

const AGENT_ZH = '智能客服助手';
const AGENT_EN = 'Customer service assistant';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const numberIn = async (locator) => Number(((await locator.textContent()) ?? '').replace(/[^\d]/g, ''));

export const scenarios = [
  {
    name: 'searches the store in Chinese (with an input method) and opens the agent',
    async run({ page, shared, api, screenshot }) {
      shared.email = uniqueEmail('shopper');
      shared.password = 'store shopper 2026';
      await api('POST', '/auth/register', {
        email: shared.email,
        password: shared.password,
        displayName: 'Store Shopper',
      });
      await logIn(page, shared.email, shared.password);
      await page.getByTestId('locale-select').click();
      await page.getByRole('option', { name: '简体中文' }).click();
      await page.getByTestId('nav-store').click();
      await expectVisible(page.getByTestId('store-results').locator('article'), 'the store results');

      // Type 客服 the way a pinyin user does: composing "kefu" must not search mid-composition.
      const search = page.getByTestId('store-search');
      await search.click();
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Input.imeSetComposition', { text: 'kefu', selectionStart: 4, selectionEnd: 4 });
      await sleep(700);
      assert(!page.url().includes('q='), `no search while composing, got ${page.url()}`);
      await cdp.send('Input.insertText', { text: '客服' });
      await page.waitForURL(/[?&]q=%E5%AE%A2%E6%9C%8D/);

      const card = page.getByTestId('store-results').locator('article').filter({ hasText: AGENT_ZH });
      await expectVisible(card, `${AGENT_ZH} in the results`);
      await expectVisible(
        page.getByTestId('store-count').filter({ hasText: '个智能体' }),
        'the result count',
      );
      await screenshot('store');

      await card.getByTestId('agent-card-link').click();
      await page.waitForURL(/\/store\/[^/?]+$/);
      await expectVisible(page.getByTestId('agent-name').filter({ hasText: AGENT_ZH }), 'the agent page');
      shared.agentPath = new URL(page.url()).pathname;

      // Back returns to the same search: the URL holds it.
      await page.goBack();
      await page.waitForURL(/[?&]q=%E5%AE%A2%E6%9C%8D/);
      await expectVisible(card, 'the search results again after going back');
      assert((await search.inputValue()) === '客服', 'the search box shows the query again');
    },
  },
  {
    name: 'installs the agent, rates it with a review and sees the summary update',
    async run({ page, shared, screenshot }) {
      await logIn(page, shared.email, shared.password);
      await page.goto(shared.agentPath);
      await expectVisible(page.getByTestId('agent-name').filter({ hasText: AGENT_EN }), 'the agent page');
      const installs = page.getByTestId('agent-installs');
      const installsBefore = await numberIn(installs);
      const countBefore = await numberIn(page.getByTestId('rating-count'));
      assert(await page.getByTestId('rate-open').isDisabled(), 'rating is disabled before installing');

      await page.getByTestId('install-toggle').click();
      await expectVisible(page.getByTestId('install-toggle').filter({ hasText: 'Uninstall' }), 'Uninstall');
      await page.waitForFunction(
        ([before]) =>
          Number(
            document.querySelector('[data-testid="agent-installs"]')?.textContent?.replace(/\D/g, ''),
          ) ===
          before + 1,
        [installsBefore],
      );

      await page.getByTestId('rate-open').click();
      const dialog = page.getByTestId('rate-dialog');
      await dialog.locator('.el-rate__item').nth(4).click();
      const review = 'Answered my refund question right away. 很好用！';
      await dialog.getByTestId('rate-review').fill(review);
      await dialog.getByTestId('rate-submit').click();
      await dialog.waitFor({ state: 'hidden' });

      await expectVisible(
        page.getByTestId('rating-count').filter({ hasText: `${countBefore + 1} rating` }),
        'the rating count updated',
      );
      await expectVisible(page.getByTestId('reviews').getByText(review), 'the review listed');
      await expectVisible(page.getByTestId('my-rating').filter({ hasText: '5 / 5' }), 'my rating');
      if (countBefore === 0) {
        assert((await page.getByTestId('rating-average').textContent()) === '5.0', 'average is 5.0');
      }
      await expectNoSeriousA11yViolations(page, `${shared.agentPath} (signed in)`);
      await screenshot('agent-page');

      await page.getByTestId('start-chat').click();
      await page.waitForURL(/\/chats\?agent=[0-9a-f-]{36}$/);
    },
  },
  {
    name: 'shows how to use the installed agent in Claude / Cursor, and that URL serves it over MCP',
    async run({ page, shared, api, baseUrl }) {
      await logIn(page, shared.email, shared.password);
      await page.goto(shared.agentPath);
      const section = page.getByTestId('mcp-snippet');
      await expectVisible(
        section.getByRole('heading', { name: 'Use in Claude / Cursor' }),
        'the MCP section',
      );
      const slug = decodeURIComponent(shared.agentPath.split('/').pop());
      const url = (await section.getByTestId('mcp-url').textContent()).trim();
      assert(url === `${new URL(baseUrl).origin}/mcp/agents/${slug}`, `the MCP URL, got ${url}`);
      const config = JSON.parse(await section.getByTestId('mcp-config').textContent());
      const server = Object.values(config.mcpServers)[0];
      assert(server.url === url, 'the config names the same URL');
      assert(server.headers.Authorization === 'Bearer <your API key>', 'the config has the key placeholder');

      // The snippet works: with a real API key, that URL lists the agent and answers through it.
      const { accessToken } = await api('POST', '/auth/login', {
        email: shared.email,
        password: shared.password,
      });
      const { key } = await api('POST', '/me/api-keys', { name: 'Cursor' }, accessToken);
      const rpc = async (id, method, params) => {
        const res = await fetch(url, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${key}`,
            'content-type': 'application/json',
            accept: 'application/json, text/event-stream',
          },
          body: JSON.stringify({ jsonrpc: '2.0', id, method, params }),
        });
        assert(res.status === 200, `${method} → ${res.status}`);
        const text = await res.text();
        const line = text.split('\n').find((l) => l.startsWith('data: ') && l.includes(`"id":${id}`));
        return JSON.parse(line.slice(6)).result;
      };
      const { tools } = await rpc(1, 'tools/list', {});
      assert(tools.length === 1 && tools[0].name === slug, `one tool named ${slug}`);
      const answer = await rpc(2, 'tools/call', { name: slug, arguments: { message: 'Hello from Cursor' } });
      assert(!answer.isError && answer.content[0].text.length > 0, 'the agent answered over MCP');

      // Keyboard: the API keys link is reachable and leads to the API keys page.
      const link = section.getByTestId('mcp-api-keys-link');
      await link.focus();
      await page.keyboard.press('Enter');
      await page.waitForURL('**/account/api-keys');
    },
  },
  {
    name: 'sees the agent in the Library and uninstalls it there',
    async run({ page, shared, screenshot }) {
      await logIn(page, shared.email, shared.password);
      await page.getByTestId('nav-library').click();
      await page.waitForURL('**/library');
      const item = page.getByTestId('library-list').locator('li').filter({ hasText: AGENT_EN });
      await expectVisible(item, 'the installed agent in the Library');
      await expectVisible(item.getByText('Installed'), 'the install date');
      await screenshot('library');

      await item.getByTestId('library-uninstall').click();
      await page.locator('.el-message-box .el-button--danger').click();
      await expectVisible(page.getByTestId('library-empty'), 'the empty Library');

      await page.goto(shared.agentPath);
      await expectVisible(page.getByTestId('install-toggle').filter({ hasText: 'Install' }), 'Install again');
    },
  },
  {
    name: 'store and agent pages pass axe in light and dark mode and fit a phone screen',
    async run({ page, shared }) {
      await logIn(page, shared.email, shared.password);
      const check = async (label) => {
        await page.goto('/store');
        await expectVisible(page.getByTestId('store-results').locator('article'), 'the store results');
        await expectNoSeriousA11yViolations(page, `/store (${label})`);
        await page.goto(shared.agentPath);
        await expectVisible(page.getByTestId('rating-summary'), 'the agent page');
        await expectNoSeriousA11yViolations(page, `${shared.agentPath} (${label})`);
      };
      await check('light');
      await page.getByTestId('theme-toggle').click();
      await check('dark');

      await page.setViewportSize({ width: 375, height: 740 });
      for (const path of ['/store', shared.agentPath, '/library']) {
        await page.goto(path);
        await page.locator('#main h1').first().waitFor();
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert(overflow <= 0, `${path} scrolls sideways on a phone by ${overflow}px`);
      }
    },
  },
];
