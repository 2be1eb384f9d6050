// `npm test`: build, then every test of every package (unit, integration on real Postgres and
// Redis, browser), ending with one line `N passed, N failed`.
// Postgres/Redis: 127.0.0.1:5432 and :6379 unless TEST_DATABASE_URL / TEST_REDIS_URL say otherwise.
// Off CI, a missing Postgres is replaced by an embedded one and Redis tests are skipped loudly;
// with CI=true a missing service is a failure.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { assertNodeVersion, canConnect, ensureInstalled, log, root, runPnpm, runTurbo } from './lib.mjs';

assertNodeVersion();
await ensureInstalled();
const ci = process.env.CI === 'true' || process.env.CI === '1';
const env = { ...process.env };
let embedded;

log('Building…');
if ((await runTurbo(['run', 'build', '--output-logs=errors-only'])) !== 0) {
  console.log('0 passed, 1 failed');
  process.exit(1);
}

env.TEST_DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';
env.TEST_REDIS_URL ??= 'redis://127.0.0.1:6379';
const pgUrl = new URL(env.TEST_DATABASE_URL);
const redisUrl = new URL(env.TEST_REDIS_URL);
if (!(await canConnect(Number(pgUrl.port || 5432), pgUrl.hostname))) {
  if (ci) {
    console.error(`PostgreSQL is not reachable at ${pgUrl.host} and CI=true: failing.`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
  log(`PostgreSQL is not reachable at ${pgUrl.host}: starting an embedded one for the tests.`);
  const { startEmbeddedPostgres } = await import(join(root, 'apps/api/dist/database/embedded-postgres.js'));
  embedded = await startEmbeddedPostgres(join(root, '.data/test'), log);
  const url = new URL(embedded.url);
  url.pathname = '/postgres';
  env.TEST_DATABASE_URL = url.toString();
}
if (!(await canConnect(Number(redisUrl.port || 6379), redisUrl.hostname))) {
  if (ci) {
    console.error(`Redis is not reachable at ${redisUrl.host} and CI=true: failing.`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
  console.warn(
    '\n\x1b[33m!!! Redis is not reachable: tests that need Redis are SKIPPED (set TEST_REDIS_URL). !!!\x1b[0m\n',
  );
  env.TEST_REDIS_URL = '';
  env.AGENTHUB_SKIP_REDIS_TESTS = '1';
}

const reports = join(root, '.data/test-reports');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

/** Every workspace package with tests, in dependency order, and how to get a JSON report from its runner. */
const suites = [
  { name: 'contracts', dir: 'packages/contracts' },
  { name: 'testkit', dir: 'packages/testkit' },
  { name: 'engine', dir: 'packages/engine' },
  { name: 'api', dir: 'apps/api' },
  { name: 'cli', dir: 'packages/cli' },
  { name: 'web', dir: 'apps/web' },
];
const results = [];
for (const suite of suites) {
  const manifest = JSON.parse(readFileSync(join(root, suite.dir, 'package.json'), 'utf8'));
  const script = manifest.scripts?.test;
  if (!script) continue;
  const out = join(reports, `${suite.name}.json`);
  const args = script.startsWith('vitest')
    ? ['--reporter=default', '--reporter=json', `--outputFile.json=${out}`]
    : ['--ci', '--passWithNoTests', '--json', `--outputFile=${out}`];
  log(`Testing ${suite.name}…`);
  const code = await runPnpm(['--filter', manifest.name, 'run', 'test', ...args], { env });
  results.push(readReport(suite.name, out, code));
  if (manifest.scripts['test:e2e']) {
    log(`Browser tests of ${suite.name}…`);
    const e2eOut = join(reports, `${suite.name}-e2e.json`);
    const e2eCode = await runPnpm(['--filter', manifest.name, 'run', 'test:e2e'], {
      env: { ...env, E2E_REPORT: e2eOut },
    });
    results.push(readReport(`${suite.name} (browser)`, e2eOut, e2eCode));
  }
}
if (embedded) await embedded.stop();

let passed = 0;
let failed = 0;
console.log('\nsuite                 passed  failed');
for (const r of results) {
  passed += r.passed;
  failed += r.failed;
  console.log(`${r.name.padEnd(20)} ${String(r.passed).padStart(7)} ${String(r.failed).padStart(7)}`);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);

function readReport(name, file, code) {
  if (!existsSync(file)) return { name, passed: 0, failed: code === 0 ? 0 : 1 };
  const r = JSON.parse(readFileSync(file, 'utf8'));
  // A suite that failed to load (syntax error, missing module) has no tests but must still fail.
  const broken = r.numRuntimeErrorTestSuites ?? 0;
  const failedCount = (r.numFailedTests ?? 0) + broken;
  return { name, passed: r.numPassedTests ?? 0, failed: failedCount === 0 && code !== 0 ? 1 : failedCount };
}
