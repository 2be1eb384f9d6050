/* global document, URL */
// Issue 10 (Studio part 1): the Studio home, the two new-agent paths and the Overview tab, as a
// developer who has just been given the role.
import { expectNoSeriousA11yViolations } from '../lib/a11y.mjs';
import { registerDeveloper } from '../lib/chat.mjs';
import { assert, expectVisible, logIn } from '../lib/ui.mjs';

const agentIdFromUrl = (url) => new URL(url).pathname.match(/\/studio\/agents\/([0-9a-f-]{36})/)?.[1];

/** The text box of an Element Plus input, whether the test id sits on it or on its wrapper. */
const field = (page, id) =>
  page
    .locator(
      `input[data-testid="${id}"], textarea[data-testid="${id}"], [data-testid="${id}"] input, [data-testid="${id}"] textarea`,
    )
    .first();

/** The slug field's state once it settles (the availability check is debounced). */
async function settledSlugState(page) {
  const state = page.getByTestId('slug-state');
  await page.waitForFunction(
    () => !['checking', 'idle'].includes(document.querySelector('[data-testid="slug-state"]')?.dataset.state),
  );
  return state.getAttribute('data-state');
}

export const scenarios = [
  {
    name: 'a new developer reaches an empty Studio, which passes axe in light and dark mode',
    async run({ page, shared, admin, api, screenshot }) {
      Object.assign(
        shared,
        await registerDeveloper(api, admin, {
          tag: 'ada',
          password: 'ada lovelace 1815',
          displayName: 'Ada Lovelace',
        }),
      );

      await logIn(page, shared.email, shared.password);
      await page.getByTestId('nav-studio').click();
      await page.waitForURL('**/studio');
      await expectVisible(page.getByRole('heading', { name: 'Studio' }), 'the Studio heading');
      await expectVisible(page.getByText('No agents yet. Create your first one.'), 'the empty list');
      await expectNoSeriousA11yViolations(page, '/studio (light)');
      await page.getByTestId('new-agent').click();
      await page.waitForURL('**/studio/new');
      await expectVisible(page.getByTestId('agent-name'), 'the new-agent form');
      await expectNoSeriousA11yViolations(page, '/studio/new (light)');
      await page.getByTestId('theme-toggle').click();
      // A fresh load: colours mid-transition right after the toggle would be measured wrongly.
      await page.goto('/studio/new');
      await expectVisible(page.getByTestId('agent-name'), 'the new-agent form');
      await expectNoSeriousA11yViolations(page, '/studio/new (dark)');
      await page.goto('/studio');
      await expectVisible(page.getByText('No agents yet. Create your first one.'), 'the empty list');
      await expectNoSeriousA11yViolations(page, '/studio (dark)');
      await screenshot('studio-home-empty-dark');
    },
  },
  {
    name: 'creates a blank agent (slug derived and checked as you type) and lands in the editor',
    async run({ page, shared, screenshot }) {
      await logIn(page, shared.email, shared.password);
      await page.goto('/studio/new');
      shared.blankName = `Trip Planner ${Date.now().toString(36)}`;
      await field(page, 'agent-name').fill(shared.blankName);
      const slug = field(page, 'agent-slug');
      shared.blankSlug = shared.blankName.toLowerCase().replace(/ /g, '-');
      await page.waitForFunction(
        (expected) =>
          document.querySelector('input[data-testid="agent-slug"], [data-testid="agent-slug"] input')
            ?.value === expected,
        shared.blankSlug,
      );
      assert((await settledSlugState(page)) === 'available', 'a fresh slug is available');
      // A malformed slug is caught before any request and blocks creating.
      await slug.fill('Bad Slug');
      assert((await settledSlugState(page)) === 'invalid', 'an invalid slug is flagged');
      assert(await page.getByTestId('create-agent').isDisabled(), 'create is disabled for a bad slug');
      await slug.fill(shared.blankSlug);
      assert((await settledSlugState(page)) === 'available', 'the slug is available again');

      await page.getByTestId('agent-icon').click();
      await page.getByRole('option', { name: 'robot' }).click();
      const tags = field(page, 'agent-tags');
      await tags.fill('travel');
      await tags.press('Enter');
      await field(page, 'agent-description').fill('Plans **weekend** trips.');
      await page.getByTestId('agent-description-preview-tab').click();
      await expectVisible(
        page.getByTestId('agent-description-preview').locator('strong', { hasText: 'weekend' }),
        'the rendered markdown preview',
      );
      await screenshot('studio-new-blank');
      await page.getByTestId('create-agent').click();
      await page.waitForURL(/\/studio\/agents\/[0-9a-f-]{36}/);
      shared.blankId = agentIdFromUrl(page.url());
      assert(shared.blankId, 'the editor URL names the new agent');
    },
  },
  {
    name: 'the slug of an existing agent reads as taken, with a free suggestion',
    async run({ page, shared }) {
      await logIn(page, shared.email, shared.password);
      await page.goto('/studio/new');
      await field(page, 'agent-slug').fill(shared.blankSlug);
      assert((await settledSlugState(page)) === 'taken', 'the existing slug is taken');
      await page.getByTestId('slug-suggestion').click();
      assert((await settledSlugState(page)) === 'available', 'the suggestion is free');
      const value = await field(page, 'agent-slug').inputValue();
      assert(value === `${shared.blankSlug}-2`, `suggested ${value}`);
    },
  },
  {
    name: 'creates an agent from the customer-service template with custom parameters, the preview following them',
    async run({ page, shared, api, screenshot }) {
      await logIn(page, shared.email, shared.password);
      await page.goto('/studio/new');
      await page.getByTestId('mode-template').click();
      const card = page.locator('[data-template-key="customer-service-bot"]');
      await expectVisible(card, 'the customer service template in the gallery');
      await expectVisible(card.locator('.vue-flow__node'), 'the read-only graph of the template');
      await expectNoSeriousA11yViolations(page, '/studio/new (template gallery)');
      await screenshot('studio-template-gallery');
      await card.getByTestId('choose-template').click();

      const prompts = page.getByTestId('template-prompts');
      await expectVisible(prompts.getByText(/customer service assistant of Acme/), 'the default preview');
      const company = page.getByLabel('Company name');
      await company.fill('Globex Travel');
      await expectVisible(
        prompts.getByText(/customer service assistant of Globex Travel/),
        'the preview rebuilt with the new company name',
      );
      assert((await prompts.getByText(/of Acme/).count()) === 0, 'the old name is gone from the preview');
      await expectVisible(
        page.getByTestId('template-preview').locator('.vue-flow__node'),
        'the preview graph',
      );
      await screenshot('studio-template-parameters');

      // The name starts as the template's, and the slug follows it.
      assert(
        (await field(page, 'agent-name').inputValue()) === 'Customer service bot' &&
          (await field(page, 'agent-slug').inputValue()) === 'customer-service-bot',
        'name and slug start from the template',
      );
      // Make the name ours so the slug is free.
      shared.templateName = `Globex support ${Date.now().toString(36)}`;
      await field(page, 'agent-name').fill(shared.templateName);
      assert((await settledSlugState(page)) === 'available', 'the slug is free');
      await page.getByTestId('create-agent').click();
      await page.waitForURL(/\/studio\/agents\/[0-9a-f-]{36}/);
      const id = agentIdFromUrl(page.url());
      const agent = await api('GET', `/agents/${id}`, undefined, shared.token);
      assert(agent.draft.source === 'template', 'the draft is a template snapshot');
      assert(
        agent.draft.templateParameters.companyName === 'Globex Travel',
        'the custom parameter is stored',
      );
      assert(
        JSON.stringify(agent.draft.resolvedDefinition).includes('Globex Travel'),
        'the workflow was instantiated with it',
      );
    },
  },
  {
    name: 'archives and unarchives an agent from the list, with a confirmation',
    async run({ page, shared, screenshot }) {
      await logIn(page, shared.email, shared.password);
      await page.goto('/studio');
      const table = page.getByTestId('studio-agents-table');
      const row = table.locator('tbody tr').filter({ hasText: shared.blankName });
      await expectVisible(row.locator('[data-status="draft"]'), 'the blank agent as a draft');
      await row.getByTestId('toggle-archive').click();
      const dialog = page.getByRole('dialog');
      await expectVisible(dialog.getByText(/Archive “Trip Planner/), 'the confirmation');
      await dialog.getByRole('button', { name: 'Archive' }).click();
      await expectVisible(row.locator('[data-status="archived"]'), 'the archived status');

      await page.getByTestId('studio-status-filter').click();
      await page.getByRole('option', { name: 'Archived' }).click();
      // The archived row is on screen before the filtered list arrives: wait for the other to go.
      try {
        await table
          .locator('tbody tr')
          .filter({ hasText: shared.templateName })
          .waitFor({ state: 'detached' });
      } catch {
        throw new Error('the other agent is filtered out');
      }
      await expectVisible(
        table.locator('tbody tr').filter({ hasText: shared.blankName }),
        'it under Archived',
      );
      await screenshot('studio-home-archived-filter');

      await row.getByTestId('toggle-archive').click();
      await page.getByRole('dialog').getByRole('button', { name: 'Unarchive' }).click();
      // Under the Archived filter the row leaves the list once it is a draft again.
      await row.waitFor({ state: 'detached' });
      await field(page, 'studio-search').fill(shared.blankName);
      await page.getByTestId('studio-status-filter').click();
      await page.getByRole('option', { name: 'All statuses' }).click();
      await expectVisible(
        table.locator('tbody tr').filter({ hasText: shared.blankName }).locator('[data-status="draft"]'),
        'the agent back as a draft',
      );
    },
  },
  {
    name: 'the Overview tab saves metadata, system prompt and model parameters',
    async run({ page, shared, api, screenshot }) {
      await logIn(page, shared.email, shared.password);
      await page.goto(`/studio/agents/${shared.blankId}/overview`);
      await expectVisible(page.getByTestId('overview-form'), 'the Overview form');
      // Checked before saving: the fading "Saved" toast would be measured mid-animation.
      await expectNoSeriousA11yViolations(page, '/studio/agents/:id/overview');
      await field(page, 'agent-name-zh').fill('旅行规划师');
      await field(page, 'system-prompt').fill('Answer in three bullet points.');
      const temperature = field(page, 'param-temperature');
      await temperature.fill('0.4');
      await temperature.press('Tab');
      await page.getByTestId('overview-save').click();
      await expectVisible(page.getByText('Saved'), 'the saved message');
      await screenshot('studio-overview');

      await page.reload();
      await expectVisible(page.getByTestId('overview-form'), 'the Overview form after reload');
      const prompt = await field(page, 'system-prompt').inputValue();
      assert(prompt === 'Answer in three bullet points.', `system prompt kept, got ${prompt}`);
      const agent = await api('GET', `/agents/${shared.blankId}`, undefined, shared.token);
      assert(agent.nameZh === '旅行规划师', 'the Chinese name is saved');
      assert(agent.draft.modelParamsOverride.temperature === 0.4, 'the temperature is saved');
    },
  },
  {
    name: 'two tabs on one Overview: the second save gets the conflict, and "reload theirs" shows the first',
    async run({ page, shared, newPage }) {
      await logIn(page, shared.email, shared.password);
      await page.goto(`/studio/agents/${shared.blankId}/overview`);
      await expectVisible(page.getByTestId('overview-form'), 'the Overview form (tab 1)');
      const other = await newPage();
      await logIn(other, shared.email, shared.password);
      await other.goto(`/studio/agents/${shared.blankId}/overview`);
      await expectVisible(other.getByTestId('overview-form'), 'the Overview form (tab 2)');

      await field(other, 'system-prompt').fill('Written in tab 2.');
      await other.getByTestId('overview-save').click();
      await expectVisible(other.getByText('Saved'), 'tab 2 saved');

      await field(page, 'system-prompt').fill('Written in tab 1.');
      await page.getByTestId('overview-save').click();
      await expectVisible(page.getByTestId('overview-conflict'), 'the conflict warning in tab 1');
      assert(
        (await field(page, 'system-prompt').inputValue()) === 'Written in tab 1.',
        'tab 1 keeps what was typed until the developer decides',
      );
      await page.getByTestId('conflict-reload').click();
      await page.waitForFunction(
        () =>
          document.querySelector(
            'textarea[data-testid="system-prompt"], [data-testid="system-prompt"] textarea',
          )?.value === 'Written in tab 2.',
      );
    },
  },
  {
    name: 'on a tablet the list shows cards, and the main flow works from the keyboard',
    async run({ page, shared }) {
      await logIn(page, shared.email, shared.password);
      await page.setViewportSize({ width: 768, height: 1024 });
      await page.goto('/studio');
      const cards = page.getByTestId('studio-agents-cards');
      await expectVisible(cards.getByText(shared.blankName), 'the agent as a card');
      assert(!(await page.getByTestId('studio-agents-table').isVisible()), 'the table is hidden on a tablet');
      const noSideScroll = await page.evaluate(
        () => document.documentElement.scrollWidth <= document.documentElement.clientWidth,
      );
      assert(noSideScroll, 'no sideways scrolling at 768 px');
      await expectNoSeriousA11yViolations(page, '/studio (tablet)');
      // In Chinese: the heading, the cards and the new-agent page.
      await page.getByTestId('locale-select').click();
      await page.getByRole('option', { name: '简体中文' }).click();
      await expectVisible(page.getByRole('heading', { name: '工作室' }), 'the Chinese heading');
      await expectVisible(cards.getByText('草稿').first(), 'the Chinese status');
      await page.goto('/studio/new');
      await expectVisible(page.getByText('空白智能体'), 'the Chinese new-agent page');
      await page.getByTestId('locale-select').click();
      await page.getByRole('option', { name: 'English' }).click();

      // Keyboard only: Tab to "New agent", Enter, type a name, Enter submits the form.
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.goto('/studio');
      await expectVisible(cards.or(page.getByTestId('studio-agents-table')), 'the list');
      let reached = false;
      for (let i = 0; i < 25 && !reached; i++) {
        await page.keyboard.press('Tab');
        reached = await page.evaluate(
          () => document.activeElement?.closest('[data-testid="new-agent"]') !== null,
        );
      }
      assert(reached, 'Tab reaches the New agent button');
      await page.keyboard.press('Enter');
      await page.waitForURL('**/studio/new');
      await expectVisible(field(page, 'agent-name'), 'the form');
      await field(page, 'agent-name').focus();
      await page.keyboard.type(`Keyboard agent ${Date.now().toString(36)}`);
      assert((await settledSlugState(page)) === 'available', 'its slug is free');
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/studio\/agents\/[0-9a-f-]{36}/);
    },
  },
];
