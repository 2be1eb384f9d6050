/* global document */
// Issue 11 (Studio part 2, Test tab): a developer tests the draft in the browser — a 3-node agent
// answered by the offline demo model, its nodes painted as the run goes, the trace opened and a
// step clicked to focus its node; an HTTP node to a closed loopback port fails, the URL is fixed
// and the run retried from the failed node; axe on the Test view.
import { expectNoSeriousA11yViolations } from '../lib/a11y.mjs';
import { apiLogin } from '../lib/chat.mjs';
import { assert, expectVisible, logIn, uniqueEmail } from '../lib/ui.mjs';

const node = (page, id) => page.locator(`.vue-flow__node[data-id="${id}"] .wf-node`);

const THREE_NODES = {
  schemaVersion: 1,
  entry: 'draft',
  variables: { tone: { type: 'string', default: 'plain' } },
  nodes: [
    { id: 'draft', type: 'llm', config: { prompt: 'Draft ({{vars.tone}}): {{input}}', stream: true } },
    { id: 'polish', type: 'llm', config: { prompt: 'Polish: {{nodes.draft.output}}', stream: true } },
    { id: 'final', type: 'answer', config: { text: 'Done: {{nodes.polish.output}}' } },
  ],
  edges: [
    { from: 'draft', to: 'polish' },
    { from: 'polish', to: 'final' },
    { from: 'final', to: '__end__' },
  ],
};

/** llm → http_request → answer; the request goes to `url`. */
const withHttp = (url) => ({
  schemaVersion: 1,
  entry: 'draft',
  variables: {},
  nodes: [
    { id: 'draft', type: 'llm', config: { prompt: '{{input}}', stream: true } },
    { id: 'fetch', type: 'http_request', config: { url, method: 'GET' } },
    { id: 'final', type: 'answer', config: { text: 'Fetched.' } },
  ],
  edges: [
    { from: 'draft', to: 'fetch' },
    { from: 'fetch', to: 'final' },
    { from: 'final', to: '__end__' },
  ],
});

async function saveDefinition(api, shared, definition) {
  await api('PUT', `/agents/${shared.agentId}/workflow`, { definition }, shared.token);
}

async function openTestTab(page, shared) {
  await page.goto(`/studio/agents/${shared.agentId}/test`);
  await expectVisible(page.getByTestId('test-tab'), 'the Test tab');
  await expectVisible(node(page, 'draft'), 'the entry node on the test canvas');
}

/** Element Plus puts the test id on the input itself or on its wrapper, depending on the component. */
const field = (page, testId, tag) =>
  page.locator(`${tag}[data-testid="${testId}"], [data-testid="${testId}"] ${tag}`).first();

async function send(page, text) {
  await field(page, 'test-input', 'textarea').fill(text);
  await page.getByTestId('test-send').click();
}

async function lastAnswerStatus(page, status) {
  await page.waitForFunction(
    (s) => [...document.querySelectorAll('[data-testid="test-turn-assistant"]')].at(-1)?.dataset.status === s,
    status,
  );
}

const runState = (page, id) => node(page, id).getAttribute('data-run-state');

export const scenarios = [
  {
    name: 'a developer tests a 3-node draft and watches its nodes light up',
    async run({ page, shared, admin, api, screenshot }) {
      shared.email = uniqueEmail('ada');
      shared.password = 'ada lovelace 1815';
      const registered = await api('POST', '/auth/register', {
        email: shared.email,
        password: shared.password,
        displayName: 'Ada Lovelace',
      });
      const adminToken = await apiLogin(api, admin.email, admin.password);
      await api('PATCH', `/admin/users/${registered.user.id}`, { roles: ['user', 'developer'] }, adminToken);
      shared.token = await apiLogin(api, shared.email, shared.password);
      const agent = await api('POST', '/agents', { name: `Tester ${Date.now().toString(36)}` }, shared.token);
      shared.agentId = agent.id;
      await saveDefinition(api, shared, THREE_NODES);

      await logIn(page, shared.email, shared.password);
      await openTestTab(page, shared);
      // Nothing painted before a run.
      assert((await runState(page, 'draft')) === null, 'no run state before the first run');

      // Record every state each node shows while the run goes (the run is fast: watch in the page).
      await page.evaluate(() => {
        window.__seen = {};
        new MutationObserver(() => {
          for (const el of document.querySelectorAll('.wf-node[data-run-state]')) {
            const id = el.closest('.vue-flow__node')?.dataset.id;
            (window.__seen[id] ??= new Set()).add(el.dataset.runState);
          }
        }).observe(document.body, {
          subtree: true,
          attributes: true,
          attributeFilter: ['data-run-state'],
          childList: true,
        });
      });
      await field(page, 'run-variable-tone', 'input').fill('cheerful');
      await send(page, 'Write a haiku about tea');
      await lastAnswerStatus(page, 'completed');
      for (const id of ['draft', 'polish', 'final'])
        assert((await runState(page, id)) === 'succeeded', `${id} ends succeeded`);
      const seen = await page.evaluate(() =>
        Object.fromEntries(Object.entries(window.__seen).map(([k, v]) => [k, [...v]])),
      );
      assert(seen.polish?.includes('succeeded'), `polish was painted (${JSON.stringify(seen)})`);
      const answer = await page.getByTestId('test-turn-assistant').last().innerText();
      assert(answer.includes('Done:'), `the answer node's text is shown: ${answer}`);
      await screenshot('studio-test-run');
    },
  },
  {
    name: 'the trace shows every step; clicking one focuses its node, clicking a node lists its steps',
    async run({ page, shared }) {
      await logIn(page, shared.email, shared.password);
      await openTestTab(page, shared);
      await page.getByTestId('recent-runs').locator('button').first().click();
      await expectVisible(page.getByTestId('trace-step-polish'), 'the polish step in the trace');
      await page.getByTestId('trace-step-polish').click();
      await expectVisible(page.getByTestId('step-details'), 'the step details');
      const details = await page.getByTestId('step-details').innerText();
      assert(/Tokens/.test(details) && /Input/.test(details), `details list tokens and input: ${details}`);
      await page.waitForFunction(
        () =>
          document.querySelector('.vue-flow__node[data-id="polish"]')?.classList.contains('selected') ||
          document
            .querySelector('.vue-flow__node[data-id="polish"] .wf-node')
            ?.classList.contains('is-selected'),
      );
      await node(page, 'draft').click();
      await expectVisible(page.getByTestId('node-steps'), "the clicked node's last steps");
      await expectNoSeriousA11yViolations(page, 'the Test view');
    },
  },
  {
    name: 'a failing HTTP node fails the run; after fixing its URL the run is retried from the failure',
    async run({ page, shared, api, baseUrl }) {
      await logIn(page, shared.email, shared.password);
      // Port 9 (discard) on loopback: nothing listens, the request is refused.
      await saveDefinition(api, shared, withHttp('http://127.0.0.1:9/'));
      await openTestTab(page, shared);
      await send(page, 'fetch it');
      await lastAnswerStatus(page, 'failed');
      assert((await runState(page, 'fetch')) === 'failed', 'the HTTP node is painted failed');
      assert((await runState(page, 'draft')) === 'succeeded', 'the node before it succeeded');
      await expectVisible(page.getByTestId('test-error'), 'the error under the answer');

      // Fix the URL (configs only: same nodes and edges), then retry: the run continues with the
      // fixed draft from the failed node.
      await saveDefinition(api, shared, withHttp(new URL('/api/health', baseUrl).toString()));
      await page.getByTestId('test-retry').click();
      await lastAnswerStatus(page, 'completed');
      assert((await runState(page, 'fetch')) === 'succeeded', 'the HTTP node succeeds on retry');
      const steps = await page
        .getByTestId('run-trace')
        .locator('[data-testid^="trace-step-"]')
        .evaluateAll((els) => els.map((e) => e.dataset.testid.replace('trace-step-', '')));
      assert(steps.filter((s) => s === 'draft').length === 1, `draft ran once: ${steps.join(', ')}`);
    },
  },
];
