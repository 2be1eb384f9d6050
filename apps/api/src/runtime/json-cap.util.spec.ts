import { capJson, truncateUtf8 } from './json-cap.util';

describe('capJson', () => {
  it('keeps small JSON values as they are', () => {
    expect(capJson({ a: 1, b: ['x', null] })).toEqual({ a: 1, b: ['x', null] });
    expect(capJson('text')).toBe('text');
    expect(capJson(undefined)).toBeNull();
  });

  it('replaces large values by a preview with the full size', () => {
    const big = { text: 'x'.repeat(50_000) };
    const capped = capJson(big, 1000) as { truncated: boolean; bytes: number; preview: string };
    expect(capped.truncated).toBe(true);
    expect(capped.bytes).toBe(JSON.stringify(big).length);
    expect(Buffer.byteLength(capped.preview)).toBeLessThanOrEqual(1000);
    expect(capped.preview.startsWith('{"text":"xxx')).toBe(true);
  });

  it('drops NUL characters, which jsonb rejects, but keeps an escaped backslash before u0000', () => {
    expect(capJson({ s: 'a\u0000b' })).toEqual({ s: 'ab' });
    expect(capJson({ s: '\\u0000' })).toEqual({ s: '\\u0000' });
  });

  it('stores unserialisable values as strings instead of throwing', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(capJson(cyclic)).toBe('[object Object]');
    expect(capJson({ n: BigInt(1) })).toBe('[object Object]');
  });
});

describe('truncateUtf8', () => {
  it('never splits a multi-byte character', () => {
    const text = '你好世界';
    expect(truncateUtf8(text, 7)).toBe('你好');
    expect(truncateUtf8(text, 100)).toBe(text);
  });
});
