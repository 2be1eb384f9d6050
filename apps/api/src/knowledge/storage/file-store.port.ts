/**
 * Where the originals of documents are kept, so a document can be re-indexed and downloaded.
 * Keys are `<baseId>/<documentId>.<format>`. Abstract class so it doubles as the Nest token.
 * Adapters: `LocalFileStore` (DATA_DIR/knowledge, inline queue mode: one process) and
 * `DatabaseFileStore` (bytea rows, bullmq mode: the API and the workers share no disk). The
 * module picks by QUEUE_MODE (see `knowledgeFileStoreProvider`).
 */
export abstract class KnowledgeFileStore {
  abstract readonly name: string;
  abstract put(key: string, bytes: Buffer): Promise<void>;
  /** The stored bytes, or null when there are none. */
  abstract get(key: string): Promise<Buffer | null>;
  abstract remove(key: string): Promise<void>;
  /** Removes every file of a knowledge base. */
  abstract removeBase(baseId: string): Promise<void>;
}

export function fileKey(baseId: string, documentId: string, format: string): string {
  return `${baseId}/${documentId}.${format}`;
}

/** The format a stored original was saved as (its key's extension). */
export function formatOfKey(key: string): string {
  return key.slice(key.lastIndexOf('.') + 1);
}
