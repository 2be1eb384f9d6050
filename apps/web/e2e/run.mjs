#!/usr/bin/env node
/* global URL */
// Browser tests: fresh database → built API serving the built web app → Chromium scenarios.
//
//   node e2e/run.mjs [filter]        run specs whose file name contains `filter`
//
// Env: E2E_DATABASE_URL (use this database as is, nothing created or dropped),
//      E2E_ADMIN_DATABASE_URL / TEST_DATABASE_URL (where the fresh database is created; default
//      postgres://postgres@127.0.0.1:5432/postgres), E2E_BASE_URL (test an app that is already
//      running; then E2E_ADMIN_EMAIL/E2E_ADMIN_PASSWORD name its admin), CHROMIUM_PATH,
//      E2E_REPORT (extra copy of the JSON summary, used by `npm test`).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createDatabase } from './lib/db.mjs';
import { startApi } from './lib/api-server.mjs';
import { loadSpecs, runSpecs, summarize } from './lib/runner.mjs';
import { contextFactory } from './lib/context.mjs';

const e2eDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(e2eDir, '../../..');
const artifactsDir = join(e2eDir, 'artifacts');
const env = process.env;

const admin = {
  // The address the embedded mode gives its admin, so the form's e-mail rule is tested with it.
  email: env.E2E_ADMIN_EMAIL ?? 'admin@localhost',
  password: env.E2E_ADMIN_PASSWORD ?? `Adm1n-${Math.random().toString(36).slice(2, 10)}`,
};

function writeReport(report) {
  mkdirSync(artifactsDir, { recursive: true });
  const json = JSON.stringify(report, null, 2);
  writeFileSync(join(artifactsDir, 'report.json'), json);
  if (env.E2E_REPORT) {
    mkdirSync(dirname(env.E2E_REPORT), { recursive: true });
    writeFileSync(env.E2E_REPORT, json);
  }
}

const cleanups = [];
async function cleanup() {
  while (cleanups.length) {
    const [what, fn] = cleanups.pop();
    await fn().catch((err) => console.error(`cleanup (${what}) failed: ${err.message}`));
  }
}
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.once(sig, () => void cleanup().finally(() => process.exit(130)));
}

let exitCode = 1;
try {
  rmSync(artifactsDir, { recursive: true, force: true });
  const specs = await loadSpecs(join(e2eDir, 'specs'), process.argv[2]);

  let baseUrl = env.E2E_BASE_URL;
  let api = null;
  if (!baseUrl) {
    let databaseUrl = env.E2E_DATABASE_URL;
    if (!databaseUrl) {
      const adminUrl =
        env.E2E_ADMIN_DATABASE_URL ?? env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
      const db = await createDatabase(adminUrl);
      cleanups.push(['drop database', db.drop]);
      databaseUrl = db.url;
      console.log(`database ${db.name} created`);
    }
    api = await startApi({ repoRoot, databaseUrl, admin });
    cleanups.push(['stop API', api.stop]);
    baseUrl = api.baseUrl;
    console.log(`API healthy at ${baseUrl}`);
  }

  const browser = await chromium.launch({
    executablePath: env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
    ],
  });
  cleanups.push(['close browser', () => browser.close()]);

  const results = await runSpecs(specs, contextFactory({ browser, baseUrl, artifactsDir, admin }));
  const report = summarize(results);
  writeReport(report);
  if (report.numFailedTests > 0 && api) console.log(`\nLast API output:\n${api.output().slice(-4000)}`);
  console.log(
    `\n${report.numPassedTests} passed, ${report.numFailedTests} failed (artifacts in ${new URL('artifacts/', import.meta.url).pathname})`,
  );
  exitCode = report.numFailedTests > 0 || results.length === 0 ? 1 : 0;
} catch (err) {
  // Setup failed (no database, API would not start, no browser): count it as one failure.
  console.error(`✗ browser tests could not run: ${err?.stack ?? err}`);
  writeReport({
    numPassedTests: 0,
    numFailedTests: 1,
    testResults: [{ title: 'setup', status: 'failed', error: String(err?.message ?? err) }],
  });
} finally {
  await cleanup();
}
process.exit(exitCode);
