/**
 * Zip-bomb guard for DOCX (a zip archive): the sizes the central directory declares, read
 * without inflating anything. An archive declaring more than the limit is refused before the
 * parser runs; one whose headers lie is still bounded by the parser process' heap cap and deadline.
 */

/** Most uncompressed bytes a DOCX may declare (text, styles and media together). */
export const MAX_DOCX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024;

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;

/** Sum of the entries' declared uncompressed sizes, or null when `bytes` is not a readable zip. */
export function declaredUncompressedSize(bytes: Buffer): number | null {
  const from = Math.max(0, bytes.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= from; i--)
    if (bytes.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  if (eocd < 0) return null;
  const entries = bytes.readUInt16LE(eocd + 10);
  let p = bytes.readUInt32LE(eocd + 16);
  let total = 0;
  for (let n = 0; n < entries; n++) {
    if (p + 46 > bytes.length || bytes.readUInt32LE(p) !== CENTRAL) return null;
    total += bytes.readUInt32LE(p + 24);
    p += 46 + bytes.readUInt16LE(p + 28) + bytes.readUInt16LE(p + 30) + bytes.readUInt16LE(p + 32);
  }
  return total;
}
