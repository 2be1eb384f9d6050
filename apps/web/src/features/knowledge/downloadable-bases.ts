import type { KnowledgeBase } from '@agenthub/contracts';
import { knowledgeApi } from '@/api/knowledge.api';

/**
 * The knowledge bases whose stored originals the signed-in user may download (their own; every
 * platform-wide one for an admin), loaded once per user and shared by every citation on screen.
 */
let cache: { userId: string; ids: Promise<Set<string>> } | null = null;

export const mayDownload = (base: KnowledgeBase, userId: string, isAdmin: boolean) =>
  base.ownerId === userId || (isAdmin && base.scope === 'platform');

export function downloadableBaseIds(userId: string, isAdmin: boolean): Promise<Set<string>> {
  if (cache?.userId !== userId) {
    cache = {
      userId,
      ids: knowledgeApi
        .list()
        .then((page) => new Set(page.items.filter((b) => mayDownload(b, userId, isAdmin)).map((b) => b.id)))
        .catch(() => new Set<string>()),
    };
  }
  return cache.ids;
}

/** After a base is created or deleted the list is read again. */
export function forgetDownloadableBases(): void {
  cache = null;
}
