import { describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { initialJsGzipBytes } from './bundle-size.plugin';

describe('initialJsGzipBytes', () => {
  it('counts the entry and its static imports, not lazily loaded route chunks', () => {
    const entry = 'import "./vendor.js";'.repeat(20);
    const vendor = 'export const vue = 1;'.repeat(50);
    const lazy = 'export const page = 2;'.repeat(500);
    const result = initialJsGzipBytes({
      'index.js': { type: 'chunk', fileName: 'index.js', isEntry: true, imports: ['vendor.js'], code: entry },
      'vendor.js': { type: 'chunk', fileName: 'vendor.js', imports: [], code: vendor },
      'Page.js': { type: 'chunk', fileName: 'Page.js', imports: ['vendor.js'], code: lazy },
      'index.css': { type: 'asset', fileName: 'index.css' },
    });
    expect(result.files.sort()).toEqual(['index.js', 'vendor.js']);
    expect(result.bytes).toBe(gzipSync(entry).length + gzipSync(vendor).length);
  });
});
