/* global document, URL */
// Issues 11 + 12: the admin audit log and system pages, and the Studio analytics tab, in the real
// app (demo model), with axe on each page.
import { expectNoSeriousA11yViolations } from '../lib/a11y.mjs';
import { AGENT_EN, apiLogin, sendMessage, waitForAnswerStatus } from '../lib/chat.mjs';
import { assert, expectVisible, logIn, uniqueEmail } from '../lib/ui.mjs';

const settled = (page) => page.waitForFunction(() => !document.querySelector('.el-loading-mask'));
/** Axe after moving the pointer and focus off the last clicked button (its hover shade is lighter). */
async function axe(page, path) {
  await page.mouse.move(0, 0);
  await page.evaluate(() => document.activeElement?.blur());
  await expectNoSeriousA11yViolations(page, path);
}

export const scenarios = [
  {
    name: 'the audit page shows an action just done, and its filters work',
    async run({ page, api, admin }) {
      const email = uniqueEmail('audited');
      const { user } = await api('POST', '/auth/register', {
        email,
        password: 'audited user 2026',
        displayName: 'Audited',
      });
      const token = await apiLogin(api, admin.email, admin.password);
      await api('PATCH', `/admin/users/${user.id}`, { roles: ['user', 'developer'] }, token);

      await logIn(page, admin.email, admin.password);
      await page.goto('/admin/audit');
      await expectVisible(page.getByRole('heading', { name: 'Audit log', level: 1 }), 'the audit page');
      await settled(page);
      const rows = page.getByTestId('audit-table').locator('tbody tr');
      await expectVisible(
        rows.filter({ hasText: 'user.roles_changed' }).filter({ hasText: user.id }),
        'the role change',
      );

      await page.getByTestId('audit-filter-action').fill('user.roles_changed');
      await page.getByTestId('audit-search').click();
      await settled(page);
      const actions = await page.getByTestId('audit-action').allInnerTexts();
      assert(
        actions.length > 0 && actions.every((a) => a === 'user.roles_changed'),
        `only role changes: ${actions}`,
      );

      await page.getByTestId('audit-filter-action').fill('no.such.action');
      await page.getByTestId('audit-search').click();
      await expectVisible(page.getByText('No entries match.'), 'no entries for an unknown action');
      await axe(page, '/admin/audit');
    },
  },
  {
    name: 'the system page shows this API process up',
    async run({ page, admin }) {
      await logIn(page, admin.email, admin.password);
      await page.goto('/admin/system');
      await expectVisible(page.getByRole('heading', { name: 'System', level: 1 }), 'the system page');
      await settled(page);
      const processes = page.getByTestId('processes-table');
      await expectVisible(processes.getByText('this page’s API'), 'this API process');
      await expectVisible(
        processes.getByTestId('process-status-api').filter({ hasText: 'Up' }).first(),
        'API up',
      );
      await expectVisible(
        page.getByTestId('config-table').getByText('Set (secret, hidden)').first(),
        'a hidden secret',
      );
      await axe(page, '/admin/system');
    },
  },
  {
    name: 'the analytics tab of a demo agent shows charts after a chat',
    async run({ page, admin }) {
      await logIn(page, admin.email, admin.password);
      await page.goto('/store');
      const card = page.getByTestId('store-results').locator('article').filter({ hasText: AGENT_EN });
      await card.getByTestId('agent-card-link').click();
      await page.getByTestId('start-chat').click();
      await page.waitForURL(/\/chats\?agent=[0-9a-f-]{36}$/);
      const agentId = new URL(page.url()).searchParams.get('agent');
      await sendMessage(page, 'How do I reset my password?');
      await waitForAnswerStatus(page, 'completed');

      await page.goto(`/studio/agents/${agentId}/analytics`);
      await expectVisible(page.getByTestId('analytics-totals'), 'the totals');
      for (const chart of ['usage', 'runs', 'duration', 'tokens']) {
        await expectVisible(
          page.getByTestId(`analytics-chart-${chart}`).locator('canvas'),
          `the ${chart} chart`,
        );
      }
      const chats = await page.getByTestId('analytics-total-chats').locator('dd').innerText();
      assert(Number(chats) >= 1, `the chat is counted (${chats})`);
      await page.getByTestId('analytics-range').getByText('Last 7 days').click();
      await expectVisible(page.getByTestId('analytics-chart-usage'), 'the 7-day charts');
      await axe(page, '/studio/agents/:id/analytics');
    },
  },
];
