// Fails when any package has a circular import (CONVENTIONS.md rule 8).
import madge from 'madge';
import { join } from 'node:path';
import { root } from './lib.mjs';

const targets = ['apps/api/src', 'packages/contracts/src', 'packages/engine/src', 'packages/testkit/src', 'apps/web/src'];
let failed = false;
for (const dir of targets) {
  const result = await madge(join(root, dir), {
    fileExtensions: ['ts', 'vue'],
    tsConfig: join(root, 'tsconfig.base.json'),
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
