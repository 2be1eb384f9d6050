/* global document */
// Issue 12 (workflow templates): the admin template editor is the Studio's canvas — a node type
// with a schema (its generated form), a new template built on the canvas with that node type and
// a parameter, preview with parameters, publish; a developer creates an agent from it; axe.
import { expectNoSeriousA11yViolations } from '../lib/a11y.mjs';
import { apiLogin } from '../lib/chat.mjs';
import { assert, expectVisible, logIn, logOut, uniqueEmail } from '../lib/ui.mjs';

const node = (page, id) => page.locator(`.vue-flow__node[data-id="${id}"]`);
const handle = (page, id, kind) => node(page, id).locator(`.vue-flow__handle[data-handleid="${kind}"]`);
/** A JSON Forms control by its property: ids are `#/properties/<name>[n]-input`. */
const control = (scope, prop) => scope.locator(`[id^="#/properties/${prop}"][id$="-input"]`).first();

/** Replaces the whole text of a CodeMirror editor (found by the id on its content element). */
async function setEditorText(page, id, text) {
  await page.locator(`[id="${id}"]`).click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Backspace');
  await page.keyboard.insertText(text);
}

const NODE_TYPE = {
  typeName: 'city_weather',
  displayName: 'City weather',
  category: 'ai',
  kind: 'llm',
  description: 'Asks the model about the weather of a city.',
  inputSchema: {
    type: 'object',
    properties: {
      city: { type: 'string', title: 'City', description: 'The city to ask about' },
      prompt: { type: 'string', title: 'Prompt' },
    },
    required: ['city', 'prompt'],
  },
  outputSchema: { type: 'object', properties: { text: { type: 'string' } } },
  defaultConfig: { prompt: 'What is the weather in {{input}}?' },
  requiredServices: ['llm'],
};
const PARAMETERS = {
  type: 'object',
  properties: { city: { type: 'string', title: 'Town', default: 'Paris' } },
  required: ['city'],
};

export const scenarios = [
  {
    name: 'admin has a node type with a schema and sees its generated form',
    async run({ page, admin, api, shared }) {
      shared.adminToken = await apiLogin(api, admin.email, admin.password);
      // Creating one through its editor is admin-console.spec's; here it is the building block.
      await api('POST', '/node-types', NODE_TYPE, shared.adminToken);
      await logIn(page, admin.email, admin.password);
      await page.goto(`/admin/node-types/${NODE_TYPE.typeName}`);
      const preview = page.getByTestId('nt-preview');
      await expectVisible(control(preview, 'city'), 'the City field of the generated form');
      await expectVisible(preview.getByText('The city to ask about'), 'the description as help text');
    },
  },
  {
    name: 'admin builds a new template on the canvas with that node type and a parameter, previews and publishes it',
    async run({ page, admin, api, shared, screenshot }) {
      await logIn(page, admin.email, admin.password);
      await page.goto('/admin/templates');
      await page.getByTestId('tpl-new').click();
      await page.waitForURL('**/admin/templates/new');
      shared.templateKey = `city-weather-${Date.now().toString(36)}`;
      await page.getByTestId('tpl-new-name').fill('City weather');
      await page.getByTestId('tpl-new-key').fill(shared.templateKey);
      await page.getByTestId('tpl-new-create').click();
      await page.waitForURL(/\/admin\/templates\/[0-9a-f-]{36}$/);
      shared.templateId = page.url().match(/templates\/([0-9a-f-]{36})/)[1];
      await expectVisible(page.getByTestId('workflow-canvas'), 'the Studio canvas in the template editor');

      // The parameter schema, checked as it is typed, and its live form.
      await page.getByRole('tab', { name: 'Parameters' }).click();
      await setEditorText(page, 'tpl-parameter-schema', '{ "type": "object", "properties": ');
      await expectVisible(
        page.getByTestId('tpl-parameter-schema-problems').getByText(/Not valid JSON/),
        'the JSON error under the editor',
      );
      await setEditorText(page, 'tpl-parameter-schema', JSON.stringify(PARAMETERS, null, 2));
      await expectVisible(
        page.getByTestId('tpl-parameter-schema-problems').getByText('Valid'),
        'the schema valid',
      );
      const form = page.getByTestId('tpl-parameter-form');
      await expectVisible(control(form, 'city'), 'the Town field of the parameter form');
      await screenshot('admin-template-parameters');

      // The workflow: the new node type from the palette, its City field bound to the parameter.
      await page.getByRole('tab', { name: 'Workflow' }).click();
      await page.getByTestId(`palette-${NODE_TYPE.typeName}`).click();
      await expectVisible(node(page, NODE_TYPE.typeName), 'the node on the canvas');
      const drawer = page.locator('[data-test="node-drawer"]');
      await expectVisible(drawer, 'the node drawer');
      await control(drawer, 'city').click();
      await page.keyboard.type('{{par');
      const option = page.locator('.cm-tooltip-autocomplete li', { hasText: 'params.city' });
      await expectVisible(option, 'params.city offered by the {{ completion');
      await option.click();
      await page.locator('[data-test="node-drawer-close"]').click();
      await page.getByTestId('wf-fit').click();
      const from = await handle(page, NODE_TYPE.typeName, 'out').boundingBox();
      const to = await handle(page, '__end__', 'in').boundingBox();
      await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
      await page.mouse.down();
      await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 8 });
      await page.mouse.up();
      await expectVisible(page.getByTestId('tpl-dirty').getByText('Unsaved changes'), 'unsaved changes');
      await page.getByTestId('problem').first().waitFor({ state: 'detached' });
      await page.getByTestId('tpl-save').click();
      await page.waitForFunction(
        () => document.querySelector('[data-testid="tpl-dirty"]')?.dataset.state === 'allSaved',
      );
      const stored = await api(
        'GET',
        `/workflow-templates/${shared.templateId}`,
        undefined,
        shared.adminToken,
      );
      assert(
        JSON.stringify(stored.definition).includes('{{params.city}}') &&
          stored.parameterSchema.properties.city,
        `the template is stored with its parameter: ${JSON.stringify(stored.definition)}`,
      );
      await screenshot('admin-template-canvas');

      // Preview with these parameters: the API's instance, drawn read-only.
      await page.getByRole('tab', { name: 'Parameters' }).click();
      await control(form, 'city').fill('Tokyo');
      await page.getByRole('tab', { name: 'Preview' }).click();
      await page.getByTestId('tpl-preview-run').click();
      await expectVisible(page.getByTestId('tpl-preview-summary'), 'the preview summary');
      await expectVisible(
        page.getByTestId('tpl-preview').locator('.vue-flow__node').first(),
        'the preview graph',
      );
      const previewed = await page.getByTestId('tpl-preview-definition').textContent();
      assert(previewed.includes('"city": "Tokyo"'), `the parameter is applied in the preview: ${previewed}`);

      // Publish; the revisions list shows every version.
      await page.getByTestId('tpl-publish').click();
      await expectVisible(page.getByTestId('tpl-status').getByText('Published'), 'the template published');
      await page.getByRole('tab', { name: 'Revisions and usage' }).click();
      await expectVisible(page.getByTestId('tpl-revisions').locator('tbody tr').nth(2), 'three revisions');
      await expectVisible(page.getByTestId('tpl-usage'), 'the usage statistics');
      await screenshot('admin-template-published');
    },
  },
  {
    name: 'a developer creates an agent from the new template in the Studio gallery, with the parameter applied',
    async run({ page, api, shared }) {
      const email = uniqueEmail('tpl-dev');
      await api('POST', '/auth/register', {
        email,
        password: 'template dev 2026',
        displayName: 'Tpl Dev',
        developer: true,
      });
      const token = await apiLogin(api, email, 'template dev 2026');
      await logIn(page, email, 'template dev 2026');
      await page.goto('/studio/new');
      await page.getByTestId('mode-template').click();
      const card = page.locator(`[data-template-key="${shared.templateKey}"]`);
      await expectVisible(card, 'the published template in the gallery');
      await card.getByTestId('choose-template').click();
      await page.getByLabel('Town').fill('Oslo');
      await page
        .getByTestId('agent-name')
        .locator('input')
        .or(page.locator('input[data-testid="agent-name"]'))
        .first()
        .fill(`Oslo weather ${Date.now().toString(36)}`);
      await page.getByTestId('create-agent').click();
      await page.waitForURL(/\/studio\/agents\/[0-9a-f-]{36}/);
      const id = page.url().match(/agents\/([0-9a-f-]{36})/)[1];
      const agent = await api('GET', `/agents/${id}`, undefined, token);
      assert(agent.draft.templateParameters.city === 'Oslo', 'the parameter is stored');
      assert(
        JSON.stringify(agent.draft.resolvedDefinition).includes('"city":"Oslo"'),
        `the workflow was instantiated with it: ${JSON.stringify(agent.draft.resolvedDefinition)}`,
      );
      await logOut(page);
    },
  },
  {
    name: 'the template editor passes axe in light and dark mode',
    async run({ page, admin, shared }) {
      await logIn(page, admin.email, admin.password);
      await page.goto(`/admin/templates/${shared.templateId}`);
      await expectVisible(node(page, NODE_TYPE.typeName), 'the template on the canvas');
      await expectNoSeriousA11yViolations(page, 'the template editor');
      await page.getByRole('tab', { name: 'Parameters' }).click();
      await expectVisible(page.getByTestId('tpl-parameter-form'), 'the parameter form');
      await expectNoSeriousA11yViolations(page, 'the template parameters');
      await page.getByTestId('theme-toggle').click();
      await expectNoSeriousA11yViolations(page, 'the template parameters (dark)');
      await page.getByRole('tab', { name: 'Workflow' }).click();
      await expectNoSeriousA11yViolations(page, 'the template editor (dark)');
      await page.getByTestId('theme-toggle').click();
    },
  },
];
