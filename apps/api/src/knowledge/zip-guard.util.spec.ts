import { deflateRawSync } from 'node:zlib';
import { zipArchive } from '../../test/knowledge/knowledge-test.helpers';
import { declaredUncompressedSize } from './zip-guard.util.js';

describe('declaredUncompressedSize', () => {
  it('sums the uncompressed sizes of the central directory without inflating', () => {
    const zip = zipArchive(
      [
        ['a.xml', Buffer.alloc(1000, 'a')],
        ['b.xml', Buffer.alloc(5_000_000, 'b')],
      ],
      true,
    );
    expect(zip.length).toBeLessThan(20_000);
    expect(declaredUncompressedSize(zip)).toBe(5_001_000);
  });

  it('is null for bytes that are no zip archive', () => {
    expect(declaredUncompressedSize(Buffer.from('not a zip at all, just some text'))).toBeNull();
    expect(declaredUncompressedSize(deflateRawSync(Buffer.from('x')))).toBeNull();
  });
});
