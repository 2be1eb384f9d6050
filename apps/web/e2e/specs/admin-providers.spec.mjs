/* global document */
// Issue 12 (task E): MCP health history against the real loopback MCP server with the outbound
// rules in force, a developer's personal service config in the Studio, the users filters.
import { expectNoSeriousA11yViolations } from '../lib/a11y.mjs';
import { apiLogin } from '../lib/chat.mjs';
import { assert, expectVisible, logIn, logOut, uniqueEmail } from '../lib/ui.mjs';
import { startMcpTestServer, startMockOpenAI } from '../../../../packages/testkit/dist/index.js';

/** A JSON Forms control by its property: ids are `#/properties/<name>[n]-input`. */
const control = (scope, prop) => scope.locator(`[id^="#/properties/${prop}"][id$="-input"]`).first();
const settled = (page) => page.waitForFunction(() => !document.querySelector('.el-loading-mask'));

export const scenarios = [
  {
    name: 'the MCP page shows the health history of a real loopback MCP server and the outbound rules',
    async run({ page, admin, api }) {
      const mcp = await startMcpTestServer();
      const token = await apiLogin(api, admin.email, admin.password);
      const name = `e2e-mcp-${Date.now().toString(36)}`;
      const server = await api('POST', '/mcp-servers', { name, url: mcp.url, scope: 'platform' }, token);
      try {
        await api('POST', `/mcp-servers/${server.id}/health`, undefined, token);
        await logIn(page, admin.email, admin.password);
        await page.goto('/admin/mcp-servers');
        const rules = page.getByTestId('mcp-outbound-rules');
        await expectVisible(rules.getByText('Private networks allowed'), 'the private-network rule in force');
        const row = page.getByTestId('mcp-table').locator('tbody tr').filter({ hasText: name }).first();
        await expectVisible(row, 'the registered server');
        await row.getByTestId('mcp-check').click();
        await expectVisible(row.getByText('Healthy'), 'the server checked healthy');
        await row.locator('.el-table__expand-icon').click();
        const history = page.getByTestId(`mcp-history-${name}`);
        await expectVisible(history.getByText(/Last 2 checks: 100% healthy/), 'the summary of two checks');
        assert((await history.locator('tbody tr').count()) >= 2, 'both checks listed with their latency');
        await expectVisible(history.getByText(/\d+ ms/).first(), 'a check latency');
        await expectVisible(history.getByText('No tool calls recorded yet.'), 'no calls yet');
        await settled(page);
        await expectNoSeriousA11yViolations(page, '/admin/mcp-servers (expanded)');
        await logOut(page);
      } finally {
        await api('DELETE', `/mcp-servers/${server.id}`, undefined, token);
        await mcp.close();
      }
    },
  },
  {
    name: 'a developer adds a personal service config in the Studio and tests it',
    async run({ page, api }) {
      const mock = await startMockOpenAI({ apiKey: 'sk-dev-secret', models: ['mock-model'] });
      const email = uniqueEmail('dev-configs');
      const password = 'grace hopper 1906';
      await api('POST', '/auth/register', { email, password, displayName: 'Grace Configs', developer: true });
      try {
        await logIn(page, email, password);
        await page.goto('/studio');
        await page.getByTestId('my-service-configs').click();
        await page.waitForURL('**/studio/service-configs');
        await expectVisible(page.getByRole('heading', { name: 'My service configs', level: 1 }), 'the page');
        await page.getByTestId('sc-add').click();
        const dialog = page.getByRole('dialog', { name: 'Add service config' });
        await dialog.getByTestId('sc-provider').click();
        await page
          .locator('.el-select-dropdown__item:visible')
          .filter({ hasText: 'OpenAI-compatible' })
          .click();
        await dialog.getByTestId('sc-name').fill('My mock');
        await control(dialog, 'baseURL').fill(mock.baseURL);
        await control(dialog, 'model').fill('mock-model');
        await dialog.getByTestId('sc-secret-apiKey').fill('sk-dev-secret');
        await dialog.getByTestId('sc-save').click();
        await dialog.waitFor({ state: 'hidden' });
        const row = page
          .getByTestId('service-configs-table')
          .locator('tbody tr')
          .filter({ hasText: 'My mock' });
        await expectVisible(row, 'the personal config');
        assert(
          (await row.getByTestId('sc-make-default').count()) === 0,
          'no platform default for a personal config',
        );
        await row.getByTestId('sc-test').click();
        await expectVisible(row.getByText('Connected'), 'a successful connection test');
        await settled(page);
        await expectNoSeriousA11yViolations(page, '/studio/service-configs');
        await logOut(page);
      } finally {
        await mock.close();
      }
    },
  },
  {
    name: 'admin filters users by status and sees their agent and chat counts',
    async run({ page, admin, api }) {
      const token = await apiLogin(api, admin.email, admin.password);
      const email = uniqueEmail('disabled-user');
      const user = await api('POST', '/auth/register', {
        email,
        password: 'ada lovelace 1843',
        displayName: 'Off',
      });
      const id = user.user?.id ?? user.id;
      await api('PATCH', `/admin/users/${id}`, { disabled: true }, token);
      await logIn(page, admin.email, admin.password);
      await page.goto('/admin/users');
      await page.getByTestId('users-status-filter').click();
      await page.locator('.el-select-dropdown__item:visible').filter({ hasText: 'Disabled' }).click();
      const row = page.getByTestId('users-table').locator('tbody tr').filter({ hasText: email });
      await expectVisible(row, 'the disabled user under the Disabled filter');
      await expectVisible(row.getByTestId(`user-agents-${email}`), 'the agent count');
      assert((await row.getByTestId(`user-chats-${email}`).textContent()).trim() === '0', 'no chats yet');
      await settled(page);
      await expectNoSeriousA11yViolations(page, '/admin/users?status=disabled');
    },
  },
];
