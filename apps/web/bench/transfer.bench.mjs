#!/usr/bin/env node
/* global performance, URL, location */
// Measures what a first visit downloads and when it paints: the built API serving the built web
// app on a fresh database, Chromium with a cold cache per page, logged in as the admin.
//
//   pnpm build && node bench/transfer.bench.mjs [label]
//   (without the precompressed copies, for comparison: delete dist/**/*.br and *.gz first)
//
// Prints a table and writes bench-results/web-transfer[-label].json at the repository root.
// transferSize is what went over the wire (compressed bodies + headers); decoded is after
// decompression. First contentful paint comes from the page's paint timing entries.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createDatabase } from '../e2e/lib/db.mjs';
import { startApi } from '../e2e/lib/api-server.mjs';
import { logIn } from '../e2e/lib/ui.mjs';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const label = process.argv[2] ?? '';
const admin = { email: 'admin@bench.test', password: `Bench-${Date.now()}` };
const PAGES = [
  { name: 'store', path: '/store', ready: '[data-testid="store-results"] article' },
  { name: 'chats', path: '/chats', ready: '[data-testid="user-menu"]' },
];
const RUNS = 3;
/** A 10 Mbit/s link with 40 ms round trips (a typical remote user); LINK=loopback disables it. */
const THROTTLE =
  process.env.LINK === 'loopback'
    ? null
    : { offline: false, latency: 40, downloadThroughput: 10e6 / 8, uploadThroughput: 5e6 / 8 };

const db = await createDatabase(
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
);
const api = await startApi({ repoRoot, databaseUrl: db.url, admin });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
});
const rows = [];
try {
  const login = await browser.newContext({ baseURL: api.baseUrl, locale: 'en-US' });
  const loginPage = await login.newPage();
  await logIn(loginPage, admin.email, admin.password);
  const storageState = await login.storageState();
  await login.close();

  for (const target of PAGES) {
    const samples = [];
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext({ baseURL: api.baseUrl, locale: 'en-US', storageState });
      const page = await context.newPage();
      // Loopback has no bandwidth limit, so first paint is taken on a throttled link as well.
      if (THROTTLE) {
        const cdp = await context.newCDPSession(page);
        await cdp.send('Network.enable');
        await cdp.send('Network.emulateNetworkConditions', THROTTLE);
      }
      await page.goto(target.path);
      await page.locator(target.ready).first().waitFor({ state: 'visible', timeout: 30_000 });
      await page.waitForLoadState('networkidle');
      samples.push(
        await page.evaluate(() => {
          const entries = [
            ...performance.getEntriesByType('navigation'),
            ...performance.getEntriesByType('resource'),
          ];
          const same = entries.filter(
            (e) => new URL(e.name).origin === location.origin && !/\/(api|v1)\//.test(e.name),
          );
          const sum = (list, key) => list.reduce((n, e) => n + (e[key] ?? 0), 0);
          const js = same.filter((e) => e.name.endsWith('.js'));
          const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null;
          return {
            transferKB: sum(same, 'transferSize') / 1024,
            decodedKB: sum(same, 'decodedBodySize') / 1024,
            jsTransferKB: sum(js, 'transferSize') / 1024,
            files: same.length,
            fcpMs: fcp,
          };
        }),
      );
      await context.close();
    }
    const median = (key) => samples.map((s) => s[key]).sort((a, b) => a - b)[Math.floor(RUNS / 2)];
    rows.push({
      page: target.name,
      files: median('files'),
      transferKB: Math.round(median('transferKB')),
      jsTransferKB: Math.round(median('jsTransferKB')),
      decodedKB: Math.round(median('decodedKB')),
      fcpMs: Math.round(median('fcpMs')),
    });
  }
} finally {
  await browser.close();
  await api.stop();
  await db.drop();
}

console.log(
  `\nweb transfer ${label} (median of ${RUNS} cold loads, logged in, ${THROTTLE ? '10 Mbit/s, 40 ms RTT' : 'loopback'})`,
);
console.log('| page | files | transferred KB | of it JS KB | decoded KB | first contentful paint ms |');
console.log('|---|---|---|---|---|---|');
for (const r of rows)
  console.log(
    `| ${r.page} | ${r.files} | ${r.transferKB} | ${r.jsTransferKB} | ${r.decodedKB} | ${r.fcpMs} |`,
  );
const out = join(repoRoot, 'bench-results', `web-transfer${label ? `-${label}` : ''}.json`);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(
  out,
  JSON.stringify(
    { label, runs: RUNS, link: THROTTLE ?? 'loopback', rows, at: new Date().toISOString() },
    null,
    2,
  ),
);
console.log(`written ${out}`);
