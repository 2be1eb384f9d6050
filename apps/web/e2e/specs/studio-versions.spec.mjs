/* global document */
// Issues 11 (versions, publish) and 12 (review queue): publish 1.0.0 and approve it as admin in
// the review queue (checks, first version, try it); change a node and see the diff (list and
// canvas overlay) and the suggested 1.0.1 / 1.1.0; publish 1.1.0, reject it with a note and see
// the note as the developer; approve 1.2.0 with a note; find the agent in the store; axe on the
// Publish tab, the Versions tab and the review queue. The e2e API runs with AUTO_APPROVE=false.
import { expectNoSeriousA11yViolations } from '../lib/a11y.mjs';
import { registerDeveloper } from '../lib/chat.mjs';
import { assert, expectVisible, logIn } from '../lib/ui.mjs';

const definition = (prompt, extra = false) => ({
  schemaVersion: 1,
  entry: 'answer',
  nodes: [
    { id: 'answer', type: 'llm', config: { prompt, stream: true } },
    ...(extra
      ? [{ id: 'polish', type: 'llm', config: { prompt: 'Polish: {{nodes.answer.output}}', stream: true } }]
      : []),
  ],
  edges: extra
    ? [
        { from: 'answer', to: 'polish' },
        { from: 'polish', to: '__end__' },
      ]
    : [{ from: 'answer', to: '__end__' }],
});

async function saveDraft(api, shared, def) {
  await api('PUT', `/agents/${shared.agentId}/workflow`, { definition: def }, shared.token);
}

async function publishInUi(page, shared, { expectSuggested, changelog }) {
  await page.goto(`/studio/agents/${shared.agentId}/publish`);
  const suggestion = page.getByTestId('publish-suggestion');
  await expectVisible(suggestion, 'the suggested version');
  await page.waitForFunction((v) => document.querySelector('#publish-version')?.value === v, expectSuggested);
  assert((await suggestion.textContent()).includes(expectSuggested), `suggests ${expectSuggested}`);
  await page.getByTestId('publish-changelog').fill(changelog);
  await page.getByTestId('publish-submit').click();
  await expectVisible(
    page.getByTestId('publish-outcome').filter({ hasText: expectSuggested }),
    `the outcome of ${expectSuggested}`,
  );
  for (const check of ['validation', 'secrets', 'exposure'])
    await expectVisible(
      page.locator(`[data-testid="check-${check}"][data-state="passed"]`),
      `${check} passed`,
    );
}

async function decideInQueue(page, admin, shared, decision, note) {
  await logIn(page, admin.email, admin.password);
  await page.goto('/admin/reviews');
  const item = page.getByTestId(`review-${shared.slug}`);
  await expectVisible(item, 'the pending version in the queue');
  await item.getByTestId(`review-${decision}`).click();
  await page.getByTestId('review-notes').fill(note);
  await page.getByTestId('review-confirm').click();
  await item.waitFor({ state: 'detached' });
}

export const scenarios = [
  {
    name: 'a developer publishes 1.0.0 and sees the automatic checks pass and the review pending',
    async run({ page, admin, api, shared, screenshot }) {
      Object.assign(
        shared,
        await registerDeveloper(api, admin, {
          tag: 'ada',
          password: 'ada lovelace 1815',
          displayName: 'Ada Lovelace',
        }),
      );
      shared.name = `Versioned ${Date.now().toString(36)}`;
      const agent = await api('POST', '/agents', { name: shared.name }, shared.token);
      shared.agentId = agent.id;
      shared.slug = agent.slug;
      await saveDraft(api, shared, definition('{{input}}'));

      await logIn(page, shared.email, shared.password);
      await publishInUi(page, shared, { expectSuggested: '1.0.0', changelog: 'First release' });
      await expectVisible(page.locator('[data-testid="version-status-pending_review"]'), 'pending review');
      await screenshot('publish-pending');
      await expectNoSeriousA11yViolations(page, 'the Publish tab');
    },
  },
  {
    name: 'an admin reviews 1.0.0 in the queue: checks, first version, try it, approve with a note',
    async run({ page, admin, shared, screenshot }) {
      await logIn(page, admin.email, admin.password);
      await page.goto('/admin/reviews');
      const item = page.getByTestId(`review-${shared.slug}`);
      await expectVisible(item, 'the pending version in the queue');
      await expectVisible(
        item.locator('[data-testid="check-secrets"][data-state="passed"]'),
        'the secret scan',
      );
      await expectVisible(item.getByTestId('review-first-version'), 'the first-version note');
      await item.getByTestId('try-it-input').fill('Hello from the reviewer');
      await item.getByTestId('try-it-send').click();
      await page.waitForFunction(() => {
        const turns = document.querySelectorAll('[data-testid="try-it-turn"]');
        return (
          turns.length === 2 && !turns[1].textContent.includes('…') && turns[1].textContent.trim().length > 8
        );
      });
      await expectNoSeriousA11yViolations(page, 'the review queue');
      await screenshot('review-queue');
      await item.getByTestId('review-approve').click();
      await page.getByTestId('review-notes').fill('Looks good, welcome aboard');
      await page.getByTestId('review-confirm').click();
      await item.waitFor({ state: 'detached' });
    },
  },
  {
    name: 'after changing a node the developer sees the diff and the suggested 1.0.1, and 1.1.0 for a new node',
    async run({ page, api, shared, screenshot }) {
      await saveDraft(api, shared, definition('Answer briefly: {{input}}'));
      await logIn(page, shared.email, shared.password);
      await page.goto(`/studio/agents/${shared.agentId}/publish`);
      await page.waitForFunction(() => document.querySelector('#publish-version')?.value === '1.0.1');
      await expectVisible(
        page.getByTestId('diff-node-answer').filter({ hasText: 'Answer briefly' }),
        'the config diff',
      );

      await saveDraft(api, shared, definition('Answer briefly: {{input}}', true));
      await page.goto(`/studio/agents/${shared.agentId}/versions`);
      await expectVisible(
        page.getByTestId('version-1.0.0').filter({ hasText: 'Looks good' }),
        "the admin's note",
      );
      const diff = page.getByTestId('version-diff');
      await expectVisible(diff.getByTestId('diff-node-polish'), 'the added node in the list');
      await diff.getByTestId('diff-mode-canvas').click();
      await expectVisible(
        diff.locator('.wf-node.is-diff-added[data-node-id="polish"]'),
        'the added node overlay',
      );
      await expectVisible(
        diff.locator('.wf-node.is-diff-changed[data-node-id="answer"]'),
        'the changed node overlay',
      );
      await expectVisible(diff.locator('.wf-edge.is-diff-removed'), 'the removed link overlay');
      await screenshot('versions-overlay');
      await expectNoSeriousA11yViolations(page, 'the Versions tab');

      await publishInUi(page, shared, { expectSuggested: '1.1.0', changelog: 'Adds a polishing step' });
    },
  },
  {
    name: 'an admin rejects 1.1.0 with a note, the developer sees it, and 1.2.0 is approved',
    async run({ page, admin, api, shared, newPage }) {
      await decideInQueue(page, admin, shared, 'reject', 'Explain what the polish step does');

      const dev = await newPage();
      await logIn(dev, shared.email, shared.password);
      await dev.goto(`/studio/agents/${shared.agentId}/versions`);
      const rejected = dev.getByTestId('version-1.1.0');
      await expectVisible(rejected.getByTestId('version-status-rejected'), 'the rejected status');
      await expectVisible(
        rejected.filter({ hasText: 'Explain what the polish step does' }),
        'the rejection note',
      );
      await saveDraft(api, shared, definition('Answer briefly and kindly: {{input}}', true));
      await publishInUi(dev, shared, { expectSuggested: '1.2.0', changelog: 'Polish step explained' });

      await page.goto('/admin/reviews');
      const item = page.getByTestId(`review-${shared.slug}`);
      await item.getByTestId('review-approve').click();
      await page.getByTestId('review-notes').fill('Thanks for the explanation');
      await page.getByTestId('review-confirm').click();
      await item.waitFor({ state: 'detached' });

      await page.goto(`/store?q=${encodeURIComponent(shared.name)}`);
      await expectVisible(
        page.getByTestId('store-results').locator('article').filter({ hasText: shared.name }),
        'the approved agent in the store',
      );
    },
  },
];
