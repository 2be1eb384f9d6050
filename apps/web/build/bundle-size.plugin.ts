import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/** Budget from issue 6: the JS a first visit downloads before any lazy route loads. */
export const INITIAL_JS_BUDGET_BYTES = 500 * 1024;

interface ChunkLike {
  type: 'chunk' | 'asset';
  fileName: string;
  isEntry?: boolean;
  imports?: string[];
  code?: string;
}

/**
 * Sums the gzipped size of the entry chunk and every chunk it imports statically
 * (what the browser must fetch before the first paint). Lazy route chunks are excluded.
 */
export function initialJsGzipBytes(bundle: Record<string, ChunkLike>): { bytes: number; files: string[] } {
  const seen = new Set<string>();
  const queue = Object.values(bundle)
    .filter((c) => c.type === 'chunk' && c.isEntry)
    .map((c) => c.fileName);
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    for (const dep of bundle[name]?.imports ?? []) queue.push(dep);
  }
  let bytes = 0;
  for (const name of seen) bytes += gzipSync(bundle[name]?.code ?? '').length;
  return { bytes, files: [...seen] };
}

/** Prints the initial JS size after `vite build` and fails the build when it exceeds the budget. */
export function bundleSizePlugin(budget = INITIAL_JS_BUDGET_BYTES): Plugin {
  return {
    name: 'agenthub:bundle-size',
    apply: 'build',
    generateBundle(_options, bundle) {
      const { bytes, files } = initialJsGzipBytes(bundle as unknown as Record<string, ChunkLike>);
      const kb = (bytes / 1024).toFixed(1);
      const line = `initial JS: ${kb} KB gzipped in ${files.length} file(s) (budget ${(budget / 1024).toFixed(0)} KB)`;
      // Printed on its own line so CI logs show the number without digging into Vite's table.
      console.log(`\n[bundle-size] ${line}`);
      if (bytes > budget) this.error(`initial JS over budget: ${line}`);
    },
  };
}
