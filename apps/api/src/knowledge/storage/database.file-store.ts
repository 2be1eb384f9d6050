import type { DataSource } from 'typeorm';
import { KnowledgeFileStore } from './file-store.port.js';

/** Originals as `bytea` rows of `knowledge_files` (at most 10 MiB each: the upload limit). */
export class DatabaseFileStore extends KnowledgeFileStore {
  readonly name = 'database';

  constructor(private readonly db: DataSource) {
    super();
  }

  async put(key: string, bytes: Buffer): Promise<void> {
    await this.db.query(
      `INSERT INTO knowledge_files (key, bytes) VALUES ($1, $2)
       ON CONFLICT (key) DO UPDATE SET bytes = EXCLUDED.bytes`,
      [key, bytes],
    );
  }

  async get(key: string): Promise<Buffer | null> {
    const rows: Array<{ bytes: Buffer }> = await this.db.query(
      `SELECT bytes FROM knowledge_files WHERE key = $1`,
      [key],
    );
    return rows[0]?.bytes ?? null;
  }

  async remove(key: string): Promise<void> {
    await this.db.query(`DELETE FROM knowledge_files WHERE key = $1`, [key]);
  }

  async removeBase(baseId: string): Promise<void> {
    await this.db.query(`DELETE FROM knowledge_files WHERE key LIKE $1`, [`${baseId}/%`]);
  }
}
