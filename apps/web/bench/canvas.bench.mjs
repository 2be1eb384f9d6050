#!/usr/bin/env node
/* global document, window, performance, requestAnimationFrame, MutationObserver, fetch */
// The Studio canvas at scale: a generated 1,000-node workflow (bench/large-workflow.mjs) saved as
// an agent's draft, opened in the real editor page (built API + built web app, Chromium).
//
//   pnpm build && node bench/canvas.bench.mjs [size]      (or `pnpm bench` at the root)
//
// Measures, from the page's own clock: time to first render (navigation start → the first
// workflow node in the DOM), auto-layout (first node drawn → the last node moved by the elkjs
// layout the editor runs for unpositioned nodes) and frame times while panning the whole graph
// with the mouse (requestAnimationFrame deltas: p50 / p95 / max). Prints a table and writes
// bench-results/canvas.json at the repository root.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createDatabase } from '../e2e/lib/db.mjs';
import { startApi } from '../e2e/lib/api-server.mjs';
import { logIn } from '../e2e/lib/ui.mjs';
import { largeWorkflow } from './large-workflow.mjs';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const SIZE = Number(process.argv[2] ?? 1000);
const admin = { email: 'admin@bench.test', password: `Bench-${Date.now()}` };
/** The layout counts as done once no node has moved for this long. */
const QUIET_MS = 3000;

async function call(baseUrl, method, path, body, token) {
  const res = await fetch(`${baseUrl}/api${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json().catch(() => null);
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** Runs in the page before the app: records when nodes first appear and when they last moved. */
function observeNodes() {
  const marks = { firstNodeAt: null, lastMoveAt: null, moves: 0 };
  window.__canvasBench = marks;
  const isNode = (el) => el instanceof window.Element && el.classList.contains('vue-flow__node');
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'childList') {
        for (const n of r.addedNodes) {
          if (marks.firstNodeAt === null && (isNode(n) || n.querySelector?.('.vue-flow__node'))) {
            marks.firstNodeAt = performance.now();
          }
        }
      } else if (r.type === 'attributes' && isNode(r.target) && marks.firstNodeAt !== null) {
        marks.lastMoveAt = performance.now();
        marks.moves++;
      }
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['style'] });
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

const db = await createDatabase(
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
);
const api = await startApi({ repoRoot, databaseUrl: db.url, admin });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
});
let result;
try {
  const { accessToken } = await call(api.baseUrl, 'POST', '/auth/login', admin);
  const agent = await call(api.baseUrl, 'POST', '/agents', { name: `Canvas bench ${SIZE}` }, accessToken);
  const definition = largeWorkflow(SIZE);
  await call(api.baseUrl, 'PUT', `/agents/${agent.id}/workflow`, { definition }, accessToken);

  const context = await browser.newContext({
    baseURL: api.baseUrl,
    locale: 'en-US',
    viewport: { width: 1440, height: 900 },
  });
  const page = await context.newPage();
  await logIn(page, admin.email, admin.password);
  await page.addInitScript(observeNodes);
  await page.goto(`/studio/agents/${agent.id}/workflow`);
  await page.waitForFunction(() => window.__canvasBench?.firstNodeAt !== null, null, { timeout: 120_000 });
  // Layout done: nodes have moved (the elkjs positions) and then stayed put.
  await page.waitForFunction(
    (quiet) => {
      const m = window.__canvasBench;
      return m.lastMoveAt !== null && performance.now() - m.lastMoveAt > quiet;
    },
    QUIET_MS,
    { timeout: 180_000, polling: 250 },
  );
  const marks = await page.evaluate(() => ({
    ...window.__canvasBench,
    renderedNodes: document.querySelectorAll('.vue-flow__node').length,
    renderedEdges: document.querySelectorAll('.vue-flow__edge').length,
  }));

  // Pan: drag the empty pane back and forth while recording every frame's duration.
  const pane = await page.locator('.vue-flow__pane').boundingBox();
  await page.evaluate(() => {
    const deltas = [];
    window.__frames = deltas;
    let last = performance.now();
    const tick = (now) => {
      deltas.push(now - last);
      last = now;
      if (window.__frames === deltas) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const y = pane.y + pane.height - 40;
  for (let pass = 0; pass < 4; pass++) {
    const [from, to] =
      pass % 2 === 0 ? [pane.x + 100, pane.x + pane.width - 100] : [pane.x + pane.width - 100, pane.x + 100];
    await page.mouse.move(from, y);
    await page.mouse.down();
    await page.mouse.move(to, y - 60, { steps: 90 });
    await page.mouse.up();
  }
  const frames = await page.evaluate(() => {
    const list = window.__frames.slice(1);
    window.__frames = null;
    return list;
  });
  const sorted = [...frames].sort((a, b) => a - b);
  result = {
    nodes: definition.nodes.length,
    edges: definition.edges.length,
    renderedNodes: marks.renderedNodes,
    renderedEdges: marks.renderedEdges,
    firstRenderMs: Math.round(marks.firstNodeAt),
    autoLayoutMs: Math.round(marks.lastMoveAt - marks.firstNodeAt),
    panFrames: frames.length,
    panFrameMs: {
      p50: +percentile(sorted, 50).toFixed(1),
      p95: +percentile(sorted, 95).toFixed(1),
      max: +sorted.at(-1).toFixed(1),
    },
  };
  await context.close();
} finally {
  await browser.close();
  await api.stop();
  await db.drop();
}

console.log(
  `\nStudio canvas, ${result.nodes} nodes / ${result.edges} definition edges (Chromium headless, 1440×900)`,
);
console.log(
  '| first render ms | auto-layout ms | nodes / edge lines in DOM | pan frames | frame p50 ms | frame p95 ms | frame max ms |',
);
console.log('|---|---|---|---|---|---|---|');
console.log(
  `| ${result.firstRenderMs} | ${result.autoLayoutMs} | ${result.renderedNodes} / ${result.renderedEdges} | ${result.panFrames} | ${result.panFrameMs.p50} | ${result.panFrameMs.p95} | ${result.panFrameMs.max} |`,
);
const out = join(repoRoot, 'bench-results', 'canvas.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify({ ...result, at: new Date().toISOString() }, null, 2));
console.log(`written ${out}`);
