// Writes the README configuration table from the API's config schema (apps/api/src/config),
// so the docs cannot drift from what the API validates. `--check` fails when the README is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { root } from './lib.mjs';

const require = createRequire(import.meta.url);
const { envVarsMarkdownTable } = require(join(root, 'apps/api/dist/config/env-catalogue.js'));
const readmePath = join(root, 'README.md');
const readme = readFileSync(readmePath, 'utf8');
const begin = '<!-- config-table:begin -->';
const end = '<!-- config-table:end -->';
const start = readme.indexOf(begin);
const stop = readme.indexOf(end);
if (start < 0 || stop < 0) throw new Error('README.md lacks the config-table markers');
const next = `${readme.slice(0, start + begin.length)}\n${envVarsMarkdownTable()}\n${readme.slice(stop)}`;
if (process.argv.includes('--check')) {
  if (next !== readme) {
    console.error('README.md configuration table is stale: run `node scripts/config-table.mjs`.');
    process.exit(1);
  }
  console.log('README.md configuration table is up to date');
} else {
  writeFileSync(readmePath, next);
  console.log('README.md configuration table written');
}
