import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/** Text files worth compressing; images and fonts are compressed already. */
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|map)$/;
/** Below this a compressed copy saves less than its headers cost. */
const MIN_BYTES = 1024;

/** Every file under `dir` (recursively), as paths relative to it. */
function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir).flatMap((name) => {
    const rel = prefix ? `${prefix}/${name}` : name;
    return statSync(join(dir, name)).isDirectory() ? listFiles(join(dir, name), rel) : [rel];
  });
}

/**
 * Writes `<file>.br` (brotli, quality 11) and `<file>.gz` (gzip -9) next to each compressible
 * built file, once at build time, so the API serves them without compressing per request
 * (apps/api `app.setup.ts` negotiates Content-Encoding). A copy that is not smaller is skipped.
 */
export function precompress(dir: string): Array<{ file: string; bytes: number; br?: number; gz?: number }> {
  const written: Array<{ file: string; bytes: number; br?: number; gz?: number }> = [];
  for (const file of listFiles(dir).filter((f) => COMPRESSIBLE.test(f))) {
    const path = join(dir, file);
    const data = readFileSync(path);
    if (data.length < MIN_BYTES) continue;
    const br = brotliCompressSync(data, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
      },
    });
    const gz = gzipSync(data, { level: 9 });
    const entry: (typeof written)[number] = { file, bytes: data.length };
    if (br.length < data.length) {
      writeFileSync(`${path}.br`, br);
      entry.br = br.length;
    }
    if (gz.length < data.length) {
      writeFileSync(`${path}.gz`, gz);
      entry.gz = gz.length;
    }
    written.push(entry);
  }
  return written;
}

export function compressPlugin(): Plugin {
  let outDir = 'dist';
  return {
    name: 'agenthub:precompress',
    apply: 'build',
    configResolved(config) {
      outDir = join(config.root, config.build.outDir);
    },
    closeBundle() {
      const files = precompress(outDir);
      const kb = (n: number) => (n / 1024).toFixed(0);
      const sum = (key: 'bytes' | 'br' | 'gz') => files.reduce((n, f) => n + (f[key] ?? f.bytes), 0);
      this.info(
        `precompressed ${files.length} files: ${kb(sum('bytes'))} KB → ${kb(sum('br'))} KB brotli, ${kb(sum('gz'))} KB gzip`,
      );
    },
  };
}
