// A deliberately tiny scenario runner: spec files export `scenarios`, run in file order, each
// with a fresh browser context; one line per scenario and a jest-style JSON summary.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * @typedef {{ name: string, run: (ctx: object) => Promise<void> }} Scenario
 * @returns {Promise<{ file: string, scenarios: Scenario[] }[]>}
 */
export async function loadSpecs(dir, filter) {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.spec.mjs'))
    .filter((f) => !filter || f.includes(filter))
    .sort();
  const specs = [];
  for (const file of files) {
    const mod = await import(pathToFileURL(join(dir, file)).href);
    if (!Array.isArray(mod.scenarios)) throw new Error(`${file} must export \`scenarios\`: [{ name, run }]`);
    specs.push({ file, scenarios: mod.scenarios });
  }
  return specs;
}

/**
 * Runs every scenario; a failing scenario gets a screenshot and does not stop the others
 * (later scenarios of the same file are skipped, since they may build on its state).
 */
export async function runSpecs(specs, makeContext, log = console.log) {
  const results = [];
  for (const spec of specs) {
    const shared = {}; // state handed from one scenario of a file to the next
    let broken = null;
    for (const scenario of spec.scenarios) {
      const title = `${spec.file.replace(/\.spec\.mjs$/, '')} › ${scenario.name}`;
      if (broken) {
        results.push({ title, status: 'failed', error: `not run: "${broken}" failed before it` });
        log(`✗ ${title} (not run: depends on "${broken}")`);
        continue;
      }
      const started = Date.now();
      const ctx = await makeContext({ shared, title });
      try {
        await scenario.run(ctx);
        if (ctx.cspViolations?.length)
          throw new Error(`Content-Security-Policy violations:\n${ctx.cspViolations.join('\n')}`);
        results.push({ title, status: 'passed', ms: Date.now() - started });
        log(`✓ ${title} (${Date.now() - started} ms)`);
      } catch (err) {
        broken = scenario.name;
        const shot = await ctx.screenshotOnFailure().catch(() => null);
        results.push({ title, status: 'failed', error: String(err?.stack ?? err) });
        log(
          `✗ ${title}\n    ${String(err?.message ?? err)
            .split('\n')
            .join('\n    ')}${shot ? `\n    screenshot: ${shot}` : ''}`,
        );
      } finally {
        await ctx.close().catch(() => undefined);
      }
    }
  }
  return results;
}

export function summarize(results) {
  return {
    numPassedTests: results.filter((r) => r.status === 'passed').length,
    numFailedTests: results.filter((r) => r.status === 'failed').length,
    testResults: results,
  };
}
