import { KNOWLEDGE_LIMITS } from '@agenthub/contracts';

/** Why the browser refused a file before sending it (the server checks again and stays the authority). */
export type RejectReason = 'tooLarge' | 'unsupportedType' | 'empty';

export function rejectReason(file: { name: string; size: number }): RejectReason | null {
  const ext = file.name.includes('.') ? file.name.split('.').pop()!.toLowerCase() : '';
  if (!(KNOWLEDGE_LIMITS.allowedExtensions as readonly string[]).includes(ext)) return 'unsupportedType';
  if (file.size === 0) return 'empty';
  if (file.size > KNOWLEDGE_LIMITS.maxFileBytes) return 'tooLarge';
  return null;
}

/** One file of a drop or a pick, from the browser's check through the upload to the server's answer. */
export interface UploadItem {
  key: string;
  name: string;
  size: number;
  state: 'uploading' | 'uploaded' | 'failed' | 'rejected';
  /** Bytes sent so far (of `size`). */
  loaded: number;
  reason?: RejectReason;
  /** The server's (or the network's) error for a failed upload. */
  error?: unknown;
}

export const uploadPercent = (item: UploadItem) =>
  item.state === 'uploaded'
    ? 100
    : item.size
      ? Math.min(100, Math.round((item.loaded / item.size) * 100))
      : 0;

/** How many files of one drop are sent at the same time. */
export const UPLOAD_CONCURRENCY = 3;

/** Runs `work` over `items` with at most `limit` in flight. */
export async function eachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
