/** Saves a downloaded blob under `name` (an object URL on a temporary link, released right after). */
export function saveBlob(blob: Blob, name: string): void {
  const href = globalThis.URL.createObjectURL(blob);
  const link = globalThis.document.createElement('a');
  link.href = href;
  link.download = name;
  link.click();
  globalThis.setTimeout(() => globalThis.URL.revokeObjectURL(href), 0);
}
