/* global document */
// Issue 12: the admin console in the real app — node types with a live form, a provider config
// against the loopback mock LLM, the review queue, role guards, and axe on every admin page.
import { expectNoSeriousA11yViolations } from '../lib/a11y.mjs';
import { AGENT_EN, apiLogin, sendMessage, waitForAnswerStatus } from '../lib/chat.mjs';
import { assert, expectVisible, logIn, logOut, uniqueEmail } from '../lib/ui.mjs';
import { startMockOpenAI } from '../../../../packages/testkit/dist/index.js';

const ADMIN_PAGES = [
  ['/admin/node-types', 'Node types'],
  ['/admin/node-types/new', 'New node type'],
  ['/admin/templates', 'Workflow templates'],
  ['/admin/providers', 'Providers and service configs'],
  ['/admin/mcp-servers', 'MCP servers'],
  ['/admin/categories', 'Categories'],
  ['/admin/reviews', 'Review queue'],
  ['/admin/users', 'Users'],
  ['/admin/audit', 'Audit log'],
  ['/admin/system', 'System'],
];

/** Replaces the whole text of a CodeMirror editor (found by the id on its content element). */
async function setEditorText(page, id, text) {
  const editor = page.locator(`[id="${id}"]`);
  await editor.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Backspace');
  await page.keyboard.insertText(text);
}

/** A JSON Forms control by its property: ids are `#/properties/<name>[n]-input`. */
const control = (scope, prop) => scope.locator(`[id^="#/properties/${prop}"][id$="-input"]`).first();

export const scenarios = [
  {
    name: 'a non-admin gets 403 pages and no admin navigation',
    async run({ page, api, shared }) {
      shared.devEmail = uniqueEmail('ada-admin-console');
      shared.devPassword = 'ada lovelace 1843';
      await api('POST', '/auth/register', {
        email: shared.devEmail,
        password: shared.devPassword,
        displayName: 'Ada Console',
        developer: true,
      });
      await logIn(page, shared.devEmail, shared.devPassword);
      assert((await page.getByTestId('nav-admin-users').count()) === 0, 'no Admin entry for a developer');
      for (const [path] of ADMIN_PAGES.slice(0, 3)) {
        await page.goto(path);
        await expectVisible(page.getByText('Access denied'), `the 403 page at ${path}`);
        assert((await page.getByTestId('admin-nav').count()) === 0, `no admin navigation at ${path}`);
      }
      await logOut(page);
    },
  },
  {
    name: 'every admin page passes axe',
    async run({ page, admin }) {
      await logIn(page, admin.email, admin.password);
      for (const [path, heading] of ADMIN_PAGES) {
        await page.goto(path);
        await expectVisible(page.getByRole('heading', { name: heading, level: 1 }), `the ${heading} page`);
        await expectVisible(page.getByTestId('admin-nav'), `the admin navigation on ${path}`);
        await page.waitForFunction(() => !document.querySelector('.el-loading-mask'));
        await expectNoSeriousA11yViolations(page, path);
      }
    },
  },
  {
    name: 'admin creates a node type with a schema and sees the generated form',
    async run({ page, admin, screenshot }) {
      await logIn(page, admin.email, admin.password);
      await page.goto('/admin/node-types');
      await page.getByRole('link', { name: 'New node type' }).click();
      await page.waitForURL('**/admin/node-types/new');
      await page.getByTestId('nt-type-name').fill('weather_lookup');
      await page.getByTestId('nt-display-name').fill('Weather lookup');
      await page.getByTestId('nt-kind').click();
      await page.locator('.el-select-dropdown__item:visible').filter({ hasText: /^llm$/ }).click();

      // A broken schema is reported as it is typed and blocks saving.
      await setEditorText(page, 'nt-input-schema', '{ "type": "object", "properties": { "city": ');
      await expectVisible(
        page.getByTestId('nt-input-schema-problems').getByText(/Not valid JSON/),
        'the JSON error under the editor',
      );
      assert(await page.getByTestId('nt-save').isDisabled(), 'Save is disabled while the schema is broken');

      const schema = {
        type: 'object',
        properties: {
          city: { type: 'string', title: 'City', description: 'Where to look' },
          units: { type: 'string', title: 'Units', enum: ['metric', 'imperial'] },
          prompt: { type: 'string', title: 'Prompt' },
        },
        required: ['city', 'prompt'],
      };
      await setEditorText(page, 'nt-input-schema', JSON.stringify(schema, null, 2));
      const preview = page.getByTestId('nt-preview');
      await expectVisible(control(preview, 'city'), 'the City field in the live preview');
      await expectVisible(control(preview, 'units'), 'the Units select in the live preview');
      await expectVisible(preview.getByText('Where to look'), 'the description as help text');
      await expectVisible(
        page.getByTestId('nt-input-schema-problems').getByText('Valid'),
        'the schema valid',
      );
      await screenshot('admin-node-type-editor');

      await page.getByTestId('nt-save').click();
      await page.waitForURL('**/admin/node-types');
      const row = page
        .getByTestId('node-types-table')
        .locator('tbody tr')
        .filter({ hasText: 'weather_lookup' });
      await expectVisible(row, 'the new node type in the list');
      await expectVisible(row.getByTestId('usage-weather_lookup').getByText('0'), 'its usage count');
    },
  },
  {
    name: 'admin adds a provider config against the mock LLM, tests it and makes it the default',
    async run({ page, admin, api }) {
      const mock = await startMockOpenAI({ apiKey: 'sk-e2e-secret', models: ['mock-model'] });
      const token = await apiLogin(api, admin.email, admin.password);
      const before = await api(
        'GET',
        '/service-configs?scope=platform&serviceType=llm&pageSize=100',
        undefined,
        token,
      );
      const previousDefault = before.items.find((c) => c.isDefault);
      try {
        await logIn(page, admin.email, admin.password);
        await page.goto('/admin/providers');
        await page.getByTestId('sc-add').click();
        const dialog = page.getByRole('dialog', { name: 'Add service config' });
        await dialog.getByTestId('sc-provider').click();
        await page
          .locator('.el-select-dropdown__item:visible')
          .filter({ hasText: 'OpenAI-compatible' })
          .click();
        await dialog.getByTestId('sc-name').fill('Mock LLM');
        await control(dialog, 'baseURL').fill(mock.baseURL);
        await control(dialog, 'model').fill('mock-model');
        assert((await control(dialog, 'apiKey').count()) === 0, 'the API key is not a plain form field');
        await expectVisible(dialog.getByText('Not set'), 'the API key shown as not set');
        await dialog.getByTestId('sc-secret-apiKey').fill('sk-e2e-secret');
        await dialog.getByTestId('sc-save').click();
        await dialog.waitFor({ state: 'hidden' });

        const row = page
          .getByTestId('service-configs-table')
          .locator('tbody tr')
          .filter({ hasText: 'Mock LLM' });
        await expectVisible(row, 'the new config in the list');
        assert(!(await row.textContent()).includes('sk-e2e-secret'), 'the secret is never displayed');
        await row.getByTestId('sc-test').click();
        await expectVisible(row.getByText('Connected'), 'a successful connection test');
        await expectVisible(row.getByText(/\d+ ms/), 'the measured latency');

        await row.getByTestId('sc-make-default').click();
        await expectVisible(row.getByTestId('sc-default'), 'the Default tag on the config');

        // Editing shows the stored key as set, never its value.
        await row.getByTestId('sc-edit').click();
        const edit = page.getByRole('dialog', { name: 'Edit Mock LLM' });
        await expectVisible(edit.getByText('Set', { exact: true }), 'the API key shown as set');
        assert(
          (await edit.getByTestId('sc-secret-apiKey').inputValue()) === '',
          'the secret input starts empty',
        );
        await edit.getByRole('button', { name: 'Cancel' }).click();

        // A chat with a seeded agent whose llm nodes name no config is answered by the new default.
        const reply = 'Hello from the mock LLM, now the platform default.';
        mock.setResponder((req) => {
          const system = req.messages.find((m) => m.role === 'system');
          const classifying = /Answer with exactly one of the labels/.test(String(system?.content ?? ''));
          return { content: classifying ? 'faq' : reply };
        });
        await page.goto('/store');
        const card = page.getByTestId('store-results').locator('article').filter({ hasText: AGENT_EN });
        await card.getByTestId('agent-card-link').click();
        await page.getByTestId('start-chat').click();
        await page.waitForURL(/\/chats\?agent=[0-9a-f-]{36}$/);
        await sendMessage(page, 'What are your opening hours?');
        const answer = await waitForAnswerStatus(page, 'completed');
        assert(answer === reply, `the answer comes from the mock LLM (got "${answer}")`);
        assert(mock.callCount >= 1, 'the mock LLM was called');
      } finally {
        // Other specs chat with the seeded demo model: give the default back.
        if (previousDefault)
          await api('PUT', `/service-configs/${previousDefault.id}/default`, undefined, token);
        await mock.close();
      }
    },
  },
  {
    name: 'admin approves a pending version from the queue and finds it in the store',
    async run({ page, admin, api, shared }) {
      const devToken = await apiLogin(api, shared.devEmail, shared.devPassword);
      const name = `Console reviewed ${Date.now().toString(36)}`;
      const agent = await api('POST', '/agents', { name, description: 'Waits for an admin' }, devToken);
      const version = await api('POST', `/agents/${agent.id}/publish`, { version: '1.0.0' }, devToken);
      assert(
        version.reviewStatus === 'pending_review',
        `the version waits for review (${version.reviewStatus})`,
      );

      await logIn(page, admin.email, admin.password);
      await page.goto('/admin/node-types');
      await expectVisible(page.getByTestId('admin-nav-reviews-count'), 'the pending count in the navigation');
      await page.getByTestId('admin-nav-reviews').click();
      await page.waitForURL('**/admin/reviews');
      const item = page.getByTestId(`review-${agent.slug}`);
      await expectVisible(item, 'the pending version in the queue');
      await item.getByTestId('review-approve').click();
      await page.getByTestId('review-notes').fill('Looks good, thanks!');
      await page.getByTestId('review-confirm').click();
      await item.waitFor({ state: 'detached' });

      await page.goto(`/store/${agent.slug}`);
      await expectVisible(page.getByRole('heading', { name, level: 1 }), 'the approved agent in the store');
    },
  },
];
