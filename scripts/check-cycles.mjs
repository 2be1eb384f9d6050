// Fails when any package has a circular import (CONVENTIONS.md rule 8).
import madge from 'madge';
import { join } from 'node:path';
import { root } from './lib.mjs';

// Each folder with the tsconfig that resolves its imports (the web app's `@/…` alias lives in its own).
const targets = [
  ['apps/api/src', 'tsconfig.base.json'],
  ['packages/contracts/src', 'tsconfig.base.json'],
  ['packages/engine/src', 'tsconfig.base.json'],
  ['packages/testkit/src', 'tsconfig.base.json'],
  ['packages/cli/src', 'tsconfig.base.json'],
  ['apps/web/src', 'apps/web/tsconfig.json'],
];
let failed = false;
for (const [dir, tsconfig] of targets) {
  const result = await madge(join(root, dir), {
    fileExtensions: ['ts', 'vue'],
    tsConfig: join(root, tsconfig),
    detectiveOptions: { ts: { skipTypeImports: true }, vue: { skipTypeImports: true } },
  });
  const cycles = result.circular();
  if (cycles.length) {
    failed = true;
    console.error(`Circular imports in ${dir}:`);
    for (const c of cycles) console.error(`  ${c.join(' -> ')}`);
  } else {
    console.log(`no circular imports in ${dir} (${Object.keys(result.obj()).length} files)`);
  }
}
process.exit(failed ? 1 : 0);
