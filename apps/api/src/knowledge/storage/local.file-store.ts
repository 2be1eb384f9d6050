import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { KnowledgeFileStore } from './file-store.port.js';

/** Originals as files under `<root>` (DATA_DIR/knowledge), owner-only permissions. */
export class LocalFileStore extends KnowledgeFileStore {
  readonly name = 'local';

  constructor(private readonly root: string) {
    super();
  }

  async put(key: string, bytes: Buffer): Promise<void> {
    const path = this.path(key);
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    await writeFile(path, bytes, { mode: 0o600 });
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      return await readFile(this.path(key));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async remove(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }

  async removeBase(baseId: string): Promise<void> {
    await rm(this.path(baseId), { recursive: true, force: true });
  }

  /** Keys are built from uuids and a known format; anything else is refused. */
  private path(key: string): string {
    if (!/^[0-9a-f-]{36}(\/[0-9a-f-]{36}\.[a-z]+)?$/.test(key)) throw new Error(`Bad file key ${key}`);
    return join(this.root, key);
  }
}
