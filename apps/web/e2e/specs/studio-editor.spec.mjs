/* global document */
// Issue 10 (Studio part 1): the workflow editor in the browser, as a new developer — build a
// workflow by dragging nodes from the palette, see and fix a validation problem on the canvas,
// reload it unchanged, undo/redo, two tabs on one draft (conflict dialog), axe on the editor.
// (The template path with custom parameters and its live preview is in studio-home.spec.mjs.)
import { expectNoSeriousA11yViolations } from '../lib/a11y.mjs';
import { registerDeveloper } from '../lib/chat.mjs';
import { assert, expectVisible, logIn } from '../lib/ui.mjs';

const node = (page, id) => page.locator(`.vue-flow__node[data-id="${id}"]`);
const handle = (page, id, kind) => node(page, id).locator(`.vue-flow__handle[data-handleid="${kind}"]`);

/** Waits until the autosave has stored every change (the header's save indicator). */
async function saved(page) {
  await page.waitForFunction(
    () => document.querySelector('[data-testid="save-state"]')?.dataset.state === 'saved',
  );
}

/** Drags a palette entry onto the canvas at (x, y) inside the canvas box. */
async function dragFromPalette(page, typeName, x, y) {
  await page.getByTestId(`palette-${typeName}`).dragTo(page.locator('.vue-flow__pane'), {
    targetPosition: { x, y },
  });
}

/**
 * The box of an element once it has stopped moving: "Zoom to fit" animates the viewport, and a
 * mouse drag that starts from a box read mid-animation lands on the node body instead of its handle.
 */
async function settledBox(locator) {
  let previous = await locator.boundingBox();
  let same = 0;
  for (let i = 0; i < 60 && same < 4; i += 1) {
    await locator.page().waitForTimeout(50);
    const current = await locator.boundingBox();
    same = current && previous && current.x === previous.x && current.y === previous.y ? same + 1 : 0;
    previous = current;
  }
  return previous;
}

/** Draws a connection from one node's output (or error) handle to another node's input. */
async function connect(page, from, to, kind = 'out') {
  const a = await settledBox(handle(page, from, kind));
  const b = await settledBox(handle(page, to, 'in'));
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
  await page.mouse.up();
}

async function openDrawer(page, id) {
  // The drawer covers the canvas' right edge: close it and fit the view first.
  const close = page.locator('[data-test="node-drawer-close"]');
  if (await close.isVisible()) await close.click();
  await page.getByTestId('wf-fit').click();
  await node(page, id).click();
  await expectVisible(
    page.locator('[data-test="node-drawer"] [data-test="node-id"]', { hasText: id }),
    `the drawer of ${id}`,
  );
}

/** Types into a form field: an input, or a CodeMirror template editor. */
async function typeInto(page, field, text) {
  await field.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type(text);
}

/** Clicks a line of the edge at `index` of the definition (its first line). */
async function selectEdge(page, index) {
  assert(index >= 0, 'the edge exists');
  // A click event on the line itself: the other lines' wide hit areas may overlap it.
  await page.locator(`.vue-flow__edge[data-id="e${index}"]`).dispatchEvent('click');
  await expectVisible(page.locator('[data-test="edge-editor"]'), 'the edge editor');
}

/** Picks an option of an Element Plus select by its value's label. */
async function chooseOption(page, select, label) {
  const name = label === '__end__' ? 'End' : label;
  const shown = async () => ((await select.innerText()) ?? '').trim() === name;
  // The popper may still be moving while the editor re-renders: open it, wait for the option, and
  // click again until the select shows the choice (a click on a closing popper is lost).
  for (let attempt = 0; attempt < 5 && !(await shown()); attempt += 1) {
    await select.click();
    const option = page
      .locator('.el-select-dropdown__item:visible')
      .filter({ hasText: new RegExp(`^\\s*${name}\\s*$`) })
      .last();
    await option.waitFor({ state: 'visible' });
    await option.dispatchEvent('click');
    await page.waitForTimeout(200);
  }
  assert(await shown(), `the select shows ${name}`);
}

async function nodeIds(page) {
  return page.locator('.vue-flow__node').evaluateAll((els) => els.map((e) => e.dataset.id).sort());
}

/**
 * Draws a connection and waits until the saved draft has it; a drag that a moving viewport
 * turned into a click is drawn again (at most three times).
 */
async function connectAndSave(page, api, shared, from, to) {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    await page.getByTestId('wf-fit').click();
    await connect(page, from, to);
    await saved(page);
    const stored = await storedDraft(api, shared);
    if (stored.edges.some((e) => e.from === from && (e.to === to || e.to?.includes?.(to)))) return;
  }
  throw new Error(`the connection ${from} → ${to} was not stored`);
}

async function storedDraft(api, shared) {
  const agent = await api('GET', `/agents/${shared.agentId}`, undefined, shared.token);
  return agent.draft.workflowDefinition;
}

async function openEditor(page, shared) {
  await page.goto(`/studio/agents/${shared.agentId}/workflow`);
  await expectVisible(page.getByTestId('workflow-canvas'), 'the workflow canvas');
  await expectVisible(node(page, 'answer'), 'the starter node on the canvas');
}

export const scenarios = [
  {
    name: 'a new developer creates an agent and builds its workflow by dragging nodes onto the canvas',
    async run({ page, shared, admin, api, screenshot }) {
      Object.assign(
        shared,
        await registerDeveloper(api, admin, {
          tag: 'grace',
          password: 'grace hopper 1906',
          displayName: 'Grace Hopper',
        }),
      );

      await logIn(page, shared.email, shared.password);
      await page.goto('/studio/new');
      await page
        .getByTestId('agent-name')
        .locator('input')
        .or(page.locator('input[data-testid="agent-name"]'))
        .first()
        .fill(`Router ${Date.now().toString(36)}`);
      await page.getByTestId('create-agent').click();
      await page.waitForURL(/\/studio\/agents\/[0-9a-f-]{36}\/workflow/);
      shared.agentId = page.url().match(/agents\/([0-9a-f-]{36})/)[1];
      await expectVisible(node(page, 'answer'), 'the starter node on the canvas');
      await expectVisible(page.getByTestId('palette-classifier'), 'the classifier in the palette');

      // A classifier dropped on the canvas is not connected yet: the validation says so, on it.
      await dragFromPalette(page, 'classifier', 500, 120);
      await expectVisible(node(page, 'classifier'), 'the dropped classifier');
      // The new node is selected: its settings open beside the canvas.
      await expectVisible(page.locator('[data-test="node-drawer"]'), 'the node drawer of the new classifier');
      await saved(page);
      await expectVisible(
        node(page, 'classifier').locator('.wf-node.has-error'),
        'the unconnected classifier highlighted as a problem',
      );
      const problem = page.locator(
        '[data-testid="problem"][data-code="unreachable_node"][data-node-id="classifier"]',
      );
      await expectVisible(problem, 'the unreachable-node problem in the list');
      await screenshot('studio-editor-problem');

      // Clicking the problem focuses (selects) its node; connecting the node fixes it.
      await problem.click();
      await expectVisible(node(page, 'classifier').locator('.wf-node.is-selected'), 'the focused classifier');
      // The drawer covers the canvas' right edge: close it so both handles are in reach.
      await page.locator('[data-test="node-drawer-close"]').click();
      await page.getByTestId('wf-fit').click();
      await connect(page, 'answer', 'classifier');
      await saved(page);
      await page
        .locator('[data-testid="problem"][data-code="unreachable_node"]')
        .waitFor({ state: 'detached' });

      // Two answer nodes for the classifier's two labels.
      await dragFromPalette(page, 'answer', 520, 40);
      await dragFromPalette(page, 'answer', 520, 240);
      await expectVisible(node(page, 'answer_3'), 'the second answer node');
      await page.locator('[data-test="node-drawer-close"]').click();
      await connect(page, 'classifier', 'answer_2');
      await connect(page, 'classifier', 'answer_3');
      await saved(page);
      const draft = await storedDraft(api, shared);
      assert(
        draft.edges.some((e) => e.from === 'answer' && e.to === 'classifier') &&
          draft.edges.some((e) => e.from === 'classifier' && e.to === 'answer_2'),
        `the drawn connections are stored: ${JSON.stringify(draft.edges)}`,
      );
      await screenshot('studio-editor-dragged');
    },
  },
  {
    name: 'through the node drawer and the edge editor: classifier labels, an llm, a conditional edge to two answers',
    async run({ page, shared, api, screenshot }) {
      await logIn(page, shared.email, shared.password);
      await openEditor(page, shared);
      const drawer = page.locator('[data-test="node-drawer"]');

      // The classifier's two labels, typed into its generated form.
      await openDrawer(page, 'classifier');
      const labels = drawer.locator('[id$="/properties/labels-input"]');
      await labels.click();
      await labels.click();
      const items = drawer.locator('.sf-array').locator('.cm-content, input');
      await typeInto(page, items.nth(0), 'billing');
      await typeInto(page, items.nth(1), 'tech');
      // The answers' texts.
      await openDrawer(page, 'answer_2');
      await typeInto(page, drawer.locator('[id$="/properties/text-input"]'), 'Billing');
      await openDrawer(page, 'answer_3');
      await typeInto(page, drawer.locator('[id$="/properties/text-input"]'), 'Tech');
      // An llm that the "tech" route goes through, dragged from the palette and wired by hand.
      await page.locator('[data-test="node-drawer-close"]').click();
      await dragFromPalette(page, 'llm', 700, 320);
      await expectVisible(node(page, 'llm'), 'the dropped llm');
      await page.locator('[data-test="node-drawer-close"]').click();
      // Laid out first, so the dropped llm's handles do not sit beside another node's.
      await page.getByTestId('wf-tidy').click();
      await connectAndSave(page, api, shared, 'llm', 'answer_3');

      // classifier → answer_3 goes; classifier → answer_2 becomes the conditional edge.
      let stored = await storedDraft(api, shared);
      await selectEdge(
        page,
        stored.edges.findIndex((e) => e.from === 'classifier' && e.to === 'answer_3'),
      );
      await page.locator('[data-test="edge-delete"]').click();
      await saved(page);
      stored = await storedDraft(api, shared);
      await selectEdge(
        page,
        stored.edges.findIndex((e) => e.from === 'classifier' && e.to === 'answer_2'),
      );
      const edgeEditor = page.locator('[data-test="edge-editor"]');
      await expectVisible(edgeEditor, 'the edge editor');
      await expectVisible(
        page.locator('[data-test="edge-from"]', { hasText: 'classifier' }),
        'the edge’s source',
      );
      await edgeEditor.locator('[data-test="edge-kind-conditional"]').click();
      await expectVisible(edgeEditor.locator('[data-test="condition-switch"]'), 'the switch condition');
      assert(
        (await edgeEditor.locator('[data-test="condition-text"]').inputValue()) === 'nodes.classifier.output',
        'the switch reads the classifier output',
      );
      for (const [i, [value, target]] of [
        ['billing', 'answer_2'],
        ['tech', 'llm'],
      ].entries()) {
        await edgeEditor.locator('[data-test="mapping-add"]').click();
        await edgeEditor.locator('[data-test="mapping-value"]').nth(i).fill(value);
        await chooseOption(page, edgeEditor.locator('[data-test="mapping-target"]').nth(i), target);
      }
      await chooseOption(page, edgeEditor.locator('[data-test="edge-default"]'), '__end__');
      await saved(page);
      // The answers end the run.
      await page.getByTestId('workflow-inspector').getByRole('button', { name: 'Close' }).click();
      await page.getByTestId('wf-tidy').click();
      await connectAndSave(page, api, shared, 'answer_2', '__end__');
      await connectAndSave(page, api, shared, 'answer_3', '__end__');
      await expectVisible(
        page.locator('.vue-flow__edge-textwrapper', { hasText: 'billing' }),
        'the billing line',
      );
      await expectVisible(page.locator('.vue-flow__edge-textwrapper', { hasText: 'tech' }), 'the tech line');
      await page.getByTestId('problem').first().waitFor({ state: 'detached' });
      await screenshot('studio-editor-conditional');
      // The JSON view shows the same draft (it is not needed to build it).
      await page.getByTestId('wf-toggle-view').click();
      await expectVisible(
        page.getByTestId('json-view').locator('.cm-content', { hasText: '"entry"' }),
        'the draft in the JSON view',
      );
      await page.getByTestId('wf-toggle-view').click();
      // The variables panel toggles in the same place.
      await page.getByTestId('wf-variables').click();
      await expectVisible(page.locator('[data-test="variables-panel"]'), 'the variables panel');
      await page.getByTestId('wf-variables').click();

      // Reloaded, the workflow is as it was: the same nodes, edges and positions.
      const before = await storedDraft(api, shared);
      await page.reload();
      await expectVisible(node(page, 'answer_3'), 'the answer node after reload');
      await expectVisible(
        page.locator('.vue-flow__edge-textwrapper', { hasText: 'billing' }),
        'the billing line',
      );
      assert(
        JSON.stringify(await nodeIds(page)) ===
          JSON.stringify(['__end__', 'answer', 'answer_2', 'answer_3', 'classifier', 'llm']),
        'the same nodes after reload',
      );
      const after = await storedDraft(api, shared);
      assert(
        JSON.stringify(after) === JSON.stringify(before),
        'opening the editor does not change the draft',
      );
      const conditional = after.edges.find((e) => e.type === 'conditional');
      assert(
        conditional?.from === 'classifier' &&
          conditional.condition.path === 'nodes.classifier.output' &&
          conditional.mapping.billing === 'answer_2' &&
          conditional.mapping.tech === 'llm' &&
          conditional.default === '__end__',
        `the conditional edge: ${JSON.stringify(conditional)}`,
      );
      const config = Object.fromEntries(after.nodes.map((n) => [n.id, n.config]));
      assert(
        JSON.stringify(config.classifier.labels) === '["billing","tech"]' && config.answer_3.text === 'Tech',
        `the drawer's settings: ${JSON.stringify(config)}`,
      );
    },
  },
  {
    name: 'undo and redo every change from the keyboard and the toolbar',
    async run({ page, shared }) {
      await logIn(page, shared.email, shared.password);
      await openEditor(page, shared);
      await page.getByTestId('palette-template').click();
      await expectVisible(node(page, 'template'), 'the template node added at the centre');
      await page.getByTestId('palette-code').press('Enter');
      await expectVisible(node(page, 'code'), 'the code node added with Enter');
      await page.getByTestId('workflow-canvas').focus();
      await page.keyboard.press('ControlOrMeta+z');
      await node(page, 'code').waitFor({ state: 'detached' });
      await page.keyboard.press('ControlOrMeta+z');
      await node(page, 'template').waitFor({ state: 'detached' });
      await page.keyboard.press('ControlOrMeta+Shift+z');
      await expectVisible(node(page, 'template'), 'the template node again after redo');
      await page.getByTestId('wf-redo').click();
      await expectVisible(node(page, 'code'), 'the code node again after redo');
      // The entry node is changed from a node's context menu, and undone like any change.
      await node(page, 'template').click({ button: 'right' });
      await page.getByTestId('node-menu-entry').click();
      await expectVisible(
        node(page, 'template').locator('.wf-badge--entry'),
        'the entry mark on the new entry',
      );
      await page.getByTestId('wf-undo').click();
      await expectVisible(
        node(page, 'answer').locator('.wf-badge--entry'),
        'the entry mark back on the first node',
      );
      // Delete (key) the selected node, then undo brings it back with its edges.
      await node(page, 'code').click();
      await page.keyboard.press('Delete');
      await node(page, 'code').waitFor({ state: 'detached' });
      await page.getByTestId('wf-undo').click();
      await expectVisible(node(page, 'code'), 'the deleted node back after undo');
      await page.getByTestId('wf-undo').click();
      await page.getByTestId('wf-undo').click();
      await node(page, 'template').waitFor({ state: 'detached' });
      await saved(page);
    },
  },
  {
    name: 'two tabs on one draft: the later save gets the conflict dialog; reload theirs, or overwrite with mine',
    async run({ page, newPage, shared, api, screenshot }) {
      await logIn(page, shared.email, shared.password);
      const other = await newPage();
      await logIn(other, shared.email, shared.password);
      await openEditor(page, shared);
      await openEditor(other, shared);

      await page.getByTestId('palette-template').click();
      await saved(page);
      await other.getByTestId('palette-code').click();
      await expectVisible(other.getByTestId('conflict-dialog'), 'the conflict dialog in the second tab');
      await screenshot('studio-editor-conflict');
      assert(
        (await other.getByTestId('save-state').getAttribute('data-state')) === 'conflict',
        'the indicator says so',
      );
      await other.getByTestId('conflict-reload').click();
      await expectVisible(node(other, 'template'), 'the first tab’s node after reloading theirs');
      assert((await node(other, 'code').count()) === 0, 'the second tab’s change is dropped');

      // Again, and this time the second tab overwrites.
      await page.getByTestId('palette-http_request').click();
      await saved(page);
      await other.getByTestId('palette-code').click();
      await expectVisible(other.getByTestId('conflict-dialog'), 'the conflict dialog again');
      await other.getByTestId('conflict-overwrite').click();
      await saved(other);
      const draft = await storedDraft(api, shared);
      const ids = draft.nodes.map((n) => n.id);
      assert(
        ids.includes('code') && !ids.includes('http_request'),
        `mine overwrote theirs: ${ids.join(', ')}`,
      );
    },
  },
  {
    name: 'the editor passes axe in light and dark mode',
    async run({ page, shared, screenshot }) {
      await logIn(page, shared.email, shared.password);
      await openEditor(page, shared);
      await expectNoSeriousA11yViolations(page, '/studio/agents/:id/workflow (light)');
      await page.getByTestId('theme-toggle').click();
      await openEditor(page, shared);
      await expectNoSeriousA11yViolations(page, '/studio/agents/:id/workflow (dark)');
      await screenshot('studio-editor-dark');
      await page.getByTestId('wf-toggle-view').click();
      await expectVisible(page.getByTestId('json-view'), 'the JSON view');
      await expectNoSeriousA11yViolations(page, 'the JSON view (dark)');
    },
  },
];
