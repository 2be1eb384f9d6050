/* global document, DataTransfer, DragEvent, File, atob */
// Issue 15 (knowledge bases, web): a developer creates a base, drops a Markdown and a PDF file
// (plus one the browser refuses and one the server cannot read), watches both upload and get indexed (chunks embedded / total),
// downloads a stored original, tests retrieval and sees ranked passages with scores; in the
// Studio adds a retrieval node from the palette (query typed, base picked, made the entry, wired
// to the llm node) and publishes; another user installs the agent, chats and opens numbered
// citations under the answer (no download offered to them); axe on the knowledge pages in light
// and dark mode.
import { Buffer } from 'node:buffer';
import { readFile } from 'node:fs/promises';
import { expectNoSeriousA11yViolations } from '../lib/a11y.mjs';
import { apiLogin, registerDeveloper, sendMessage, waitForAnswerStatus } from '../lib/chat.mjs';
import { assert, expectVisible, logIn, uniqueEmail } from '../lib/ui.mjs';

const MARKDOWN = [
  '# Kettle returns',
  '',
  'A returned kettle is refunded within 14 days of the parcel reaching our warehouse.',
  '',
  '## Warranty',
  '',
  'Every kettle carries a two year warranty against limescale damage.',
].join('\n');
const PDF_TEXT = 'The office cat is called Miso and sleeps on the printer.';

/** A minimal valid one-page PDF with `text` in Helvetica (offsets of the xref table computed). */
function tinyPdf(text) {
  const stream = `BT /F1 12 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets = objects.map((body, i) => {
    const at = out.length;
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return at;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  out += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** Drops files on the drop zone the way a browser does (a drop event carrying a DataTransfer). */
async function dropFiles(page, files) {
  const payload = files.map((f) => ({ name: f.name, type: f.type, base64: f.data.toString('base64') }));
  await page.getByTestId('kb-drop').evaluate((zone, list) => {
    const transfer = new DataTransfer();
    for (const f of list) {
      const bytes = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0));
      transfer.items.add(new File([bytes], f.name, { type: f.type }));
    }
    zone.dispatchEvent(
      new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }),
    );
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, payload);
}

/** Element Plus puts the test id on the input itself or on its wrapper, depending on the component. */
const field = (page, testId, tag) =>
  page.locator(`${tag}[data-testid="${testId}"], [data-testid="${testId}"] ${tag}`).first();

const upload = (page, name) => page.locator(`[data-testid="kb-upload"][data-name="${name}"]`);
const docRow = (page, name) =>
  page
    .getByTestId('kb-documents')
    .locator('tr')
    .filter({ has: page.getByText(name, { exact: true }) });

async function indexed(page, name) {
  await expectVisible(
    docRow(page, name).locator('[data-testid="kb-doc-status"][data-status="indexed"]'),
    `${name} indexed`,
  );
  const bar = docRow(page, name).getByTestId('kb-doc-progress');
  const done = Number(await bar.getAttribute('data-done'));
  const total = Number(await bar.getAttribute('data-total'));
  assert(total > 0 && done === total, `${name}: every chunk embedded (${done} / ${total})`);
}

/** The agent before the Studio: one llm node whose prompt reads the passages of `retrieval`. */
const LLM_ONLY = {
  schemaVersion: 1,
  entry: 'reply',
  variables: {},
  nodes: [
    {
      id: 'reply',
      type: 'llm',
      config: {
        prompt: 'Answer from these passages:\n{{nodes.retrieval.output.context}}\n\nQuestion: {{input}}',
        stream: true,
      },
    },
  ],
  edges: [{ from: 'reply', to: '__end__' }],
};

const flowNode = (page, id) => page.locator(`.vue-flow__node[data-id="${id}"]`);
const handle = (page, id, kind) => flowNode(page, id).locator(`.vue-flow__handle[data-handleid="${kind}"]`);

async function saved(page) {
  await page.waitForFunction(
    () => document.querySelector('[data-testid="save-state"]')?.dataset.state === 'saved',
  );
}

/** The box of an element once it has stopped moving ("Zoom to fit" animates the viewport). */
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

async function storedDraft(api, shared) {
  return (await api('GET', `/agents/${shared.agentId}`, undefined, shared.token)).draft.workflowDefinition;
}

/** Draws retrieval's output → reply's input until the saved draft has the edge (at most 3 times). */
async function connectAndSave(page, api, shared, from, to) {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    await page.getByTestId('wf-fit').click();
    const a = await settledBox(handle(page, from, 'out'));
    const b = await settledBox(handle(page, to, 'in'));
    await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
    await page.mouse.down();
    await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
    await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
    await page.mouse.up();
    await saved(page);
    if ((await storedDraft(api, shared)).edges.some((e) => e.from === from && e.to === to)) return;
  }
  throw new Error(`the connection ${from} → ${to} was not stored`);
}

export const scenarios = [
  {
    name: 'a developer creates a base and drops a Markdown and a PDF file: uploaded, then indexed',
    async run({ page, shared, admin, api, screenshot }) {
      Object.assign(
        shared,
        await registerDeveloper(api, admin, {
          tag: 'kbdev',
          password: 'knowledge is power',
          displayName: 'Kay',
        }),
      );
      shared.baseName = `Handbook ${Date.now().toString(36)}`;
      await logIn(page, shared.email, shared.password);
      await page.goto('/studio/knowledge');
      await field(page, 'kb-name', 'input').fill(shared.baseName);
      await page.getByTestId('kb-create').click();
      // Creating opens the new base.
      await expectVisible(page.getByTestId('kb-title').filter({ hasText: shared.baseName }), 'the base page');
      shared.baseId = /\/studio\/knowledge\/([0-9a-f-]{36})/.exec(page.url())?.[1];
      assert(shared.baseId, `the base id in the URL (${page.url()})`);

      await dropFiles(page, [
        { name: 'returns.md', type: 'text/markdown', data: Buffer.from(MARKDOWN) },
        { name: 'office.pdf', type: 'application/pdf', data: tinyPdf(PDF_TEXT) },
        { name: 'setup.exe', type: 'application/octet-stream', data: Buffer.from('MZ') },
        { name: 'broken.pdf', type: 'application/pdf', data: Buffer.from('%PDF-1.4 not really a pdf') },
      ]);
      // The browser refuses the unsupported file itself, with the reason.
      await expectVisible(
        upload(page, 'setup.exe').and(page.locator('[data-state="rejected"]')),
        'setup.exe refused',
      );
      const reason = await upload(page, 'setup.exe').getByTestId('kb-upload-error').innerText();
      assert(/supported type/.test(reason), `the refusal says why: ${reason}`);
      for (const name of ['returns.md', 'office.pdf']) {
        await expectVisible(
          upload(page, name).and(page.locator('[data-state="uploaded"]')),
          `${name} uploaded`,
        );
        assert(
          (await upload(page, name).locator('.el-progress').getAttribute('aria-valuenow')) === '100',
          `${name}'s upload bar is full`,
        );
      }
      await indexed(page, 'returns.md');
      await indexed(page, 'office.pdf');
      // A file the server cannot read fails on its own row, with the server's message.
      await expectVisible(
        docRow(page, 'broken.pdf').locator('[data-testid="kb-doc-status"][data-status="failed"]'),
        'broken.pdf failed',
      );
      const why = await docRow(page, 'broken.pdf').getByTestId('kb-doc-error').innerText();
      assert(/Could not read the pdf file/.test(why), `the failure says why: ${why}`);
      await screenshot('knowledge-indexed');

      // The owner downloads the stored original (through the authenticated client).
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        docRow(page, 'returns.md').getByRole('button', { name: 'Download' }).click(),
      ]);
      assert(download.suggestedFilename() === 'returns.md', `saved as ${download.suggestedFilename()}`);
      const saved = await readFile(await download.path(), 'utf8');
      assert(saved === MARKDOWN, 'the downloaded file is the uploaded one');
    },
  },
  {
    name: 'tests retrieval and sees ranked passages with scores; axe in light and dark mode',
    async run({ page, shared }) {
      await logIn(page, shared.email, shared.password);
      await page.goto(`/studio/knowledge/${shared.baseId}`);
      await field(page, 'kb-query', 'input').fill('what is the office cat called');
      await page.getByTestId('kb-search').click();
      const hits = page.getByTestId('kb-hit');
      await expectVisible(hits.first(), 'the retrieved passages');
      const first = await hits.first().innerText();
      assert(first.includes('office.pdf') && first.includes('Miso'), `the PDF passage ranks first: ${first}`);
      const scores = (await hits.allInnerTexts()).map((t) => Number(/score (\d+\.\d+)/.exec(t)?.[1]));
      assert(
        scores.every((s) => Number.isFinite(s)),
        `every passage shows its score: ${scores}`,
      );
      assert(
        scores.every((s, i) => i === 0 || scores[i - 1] >= s),
        `passages ranked by score: ${scores.join(', ')}`,
      );
      // The pointer off the Search button (its hover colour is not the resting one axe should judge).
      await page.mouse.move(0, 0);
      await expectNoSeriousA11yViolations(page, 'the knowledge base page (light)');
      await page.getByTestId('theme-toggle').click();
      await page.waitForFunction(() => document.documentElement.classList.contains('dark'));
      await expectNoSeriousA11yViolations(page, 'the knowledge base page (dark)');
      await page.goto('/studio/knowledge');
      await expectVisible(page.getByTestId('kb-list'), 'the list of bases');
      await expectNoSeriousA11yViolations(page, 'the knowledge list (dark)');
      await page.getByTestId('theme-toggle').click();
    },
  },
  {
    name: 'adds a retrieval node in the Studio, picks the base, feeds the llm node with it, and publishes',
    async run({ page, shared, admin, api }) {
      const agent = await api(
        'POST',
        '/agents',
        { name: `Handbook helper ${Date.now().toString(36)}` },
        shared.token,
      );
      shared.agentId = agent.id;
      shared.agentName = agent.name;
      shared.slug = agent.slug;
      await api('PUT', `/agents/${agent.id}/workflow`, { definition: LLM_ONLY }, shared.token);

      await logIn(page, shared.email, shared.password);
      await page.goto(`/studio/agents/${agent.id}/workflow`);
      await expectVisible(flowNode(page, 'reply'), 'the llm node');
      // A retrieval node from the palette, its query typed and the base picked in its drawer.
      await page.getByTestId('palette-retrieval').dragTo(page.locator('.vue-flow__pane'), {
        targetPosition: { x: 160, y: 80 },
      });
      const drawer = page.locator('[data-test="node-drawer"]');
      await expectVisible(drawer.locator('[data-test="node-id"]', { hasText: 'retrieval' }), 'its drawer');
      const query = drawer.locator('[id$="/properties/query-input"]');
      await query.click();
      await page.keyboard.press('ControlOrMeta+a');
      await page.keyboard.type('{{input}}');
      await saved(page);
      const manage = drawer.locator('[data-test="manage-knowledge-bases"]');
      assert(
        (await manage.getAttribute('href')) === '/studio/knowledge',
        'the drawer links to the knowledge bases',
      );
      const picker = drawer.locator('[data-test="knowledge-base-picker"]');
      await picker.click();
      await page
        .locator('.el-select-dropdown__item:visible')
        .filter({ hasText: shared.baseName })
        .first()
        .click();
      await page.keyboard.press('Escape');
      await saved(page);
      // It runs first and feeds the llm node.
      await page.getByTestId('wf-set-entry').click();
      // The drawer covers the canvas' right edge (Escape may already have closed it).
      const close = drawer.locator('[data-test="node-drawer-close"]');
      if (await close.isVisible()) await close.click();
      await connectAndSave(page, api, shared, 'retrieval', 'reply');
      await saved(page);
      const stored = await storedDraft(api, shared);
      const kb = stored.nodes.find((n) => n.id === 'retrieval');
      assert(stored.entry === 'retrieval', `the retrieval node is the entry (${stored.entry})`);
      assert(
        kb?.config.query === '{{input}}' &&
          JSON.stringify(kb.config.knowledgeBaseIds) === JSON.stringify([shared.baseId]),
        `the query and the picked base are saved on the node: ${JSON.stringify(kb?.config)}`,
      );
      await page.getByTestId('problem').first().waitFor({ state: 'detached' });

      await page.goto(`/studio/agents/${agent.id}/publish`);
      await page.waitForFunction(() => document.querySelector('#publish-version')?.value === '1.0.0');
      await page.getByTestId('publish-changelog').fill('Answers from the handbook');
      await page.getByTestId('publish-submit').click();
      await expectVisible(
        page.getByTestId('publish-outcome').filter({ hasText: '1.0.0' }),
        'the published 1.0.0',
      );

      const adminToken = await apiLogin(api, admin.email, admin.password);
      const queue = await api('GET', '/admin/reviews', undefined, adminToken);
      const pending = queue.items.find((v) => v.agent.id === agent.id);
      assert(pending, 'the version waits in the review queue');
      await api('POST', `/admin/reviews/${pending.id}/approve`, { notes: 'ok' }, adminToken);
    },
  },
  {
    name: 'another user installs the agent, chats and opens the numbered citations under the answer',
    async run({ page, shared, api, screenshot }) {
      const email = uniqueEmail('kbuser');
      const password = 'citations please';
      await api('POST', '/auth/register', { email, password, displayName: 'Reader' });
      await logIn(page, email, password);
      await page.goto(`/store/${shared.slug}`);
      await expectVisible(
        page.getByTestId('agent-name').filter({ hasText: shared.agentName }),
        'the agent page',
      );
      await page.getByTestId('install-toggle').click();
      await expectVisible(page.getByTestId('install-toggle').filter({ hasText: 'Uninstall' }), 'Uninstall');
      await page.getByTestId('start-chat').click();
      await page.waitForURL(/\/chats\?agent=[0-9a-f-]{36}$/);
      await sendMessage(page, 'How long does a kettle refund take?');
      await waitForAnswerStatus(page, 'completed');

      const answer = page.locator('[data-testid="message"][data-role="assistant"]').last();
      const citations = answer.getByTestId('citation');
      await expectVisible(citations.first(), 'the citations under the answer');
      const labels = await citations.locator('summary').allInnerTexts();
      assert(
        labels.every((l, i) => l.includes(`[${i + 1}]`)),
        `citations numbered from 1: ${JSON.stringify(labels)}`,
      );
      const first = citations.filter({ hasText: 'returns.md' }).first();
      await expectVisible(first, 'the Markdown document cited');
      // Opened from the keyboard: the passage and its document.
      await first.locator('summary').focus();
      await page.keyboard.press('Enter');
      const passage = first.getByTestId('citation-text');
      await expectVisible(passage, 'the cited passage');
      assert((await passage.innerText()).includes('14 days'), 'the passage is the refund rule');
      // The reader does not own the base: no download of the document is offered.
      assert((await answer.getByTestId('citation-download').count()) === 0, 'no download for a non-owner');
      const text = await answer
        .getByTestId('message-content')
        .innerText()
        .catch(() => '');
      await screenshot('knowledge-citations');
      assert(text.trim().length > 0, 'the answer has text above its citations');
    },
  },
];
