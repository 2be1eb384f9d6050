import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ConversationState } from '../runtime/local-agent.js';

/** Where `serve` keeps multi-turn sessions: in memory, or one JSON file per session in a directory. */
export interface SessionStore {
  readonly kind: 'memory' | 'directory';
  get(id: string): ConversationState | null;
  save(id: string, state: ConversationState): void;
}

const SESSION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isSessionId = (id: string) => SESSION_ID.test(id);

/**
 * Bounded: at most `maxSessions`, the least recently used dropped first (a Map keeps insertion
 * order; a touched session is re-inserted at the end).
 */
export class MemorySessionStore implements SessionStore {
  readonly kind = 'memory' as const;
  private readonly sessions = new Map<string, ConversationState>();
  constructor(private readonly maxSessions = 10_000) {}

  get(id: string): ConversationState | null {
    return this.sessions.get(id) ?? null;
  }

  save(id: string, state: ConversationState): void {
    this.sessions.delete(id);
    this.sessions.set(id, state);
    while (this.sessions.size > this.maxSessions) this.sessions.delete(this.sessions.keys().next().value!);
  }
}

/** Survives restarts; a file per session (`<id>.json`), written atomically. */
export class DirectorySessionStore implements SessionStore {
  readonly kind = 'directory' as const;
  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }

  private file(id: string): string {
    if (!isSessionId(id)) throw new Error(`Invalid session id ${id}`);
    return join(this.dir, `${id}.json`);
  }

  get(id: string): ConversationState | null {
    const file = this.file(id);
    if (!existsSync(file)) return null;
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<ConversationState>;
    return { history: parsed.history ?? [], pending: parsed.pending ?? null };
  }

  save(id: string, state: ConversationState): void {
    const file = this.file(id);
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(state), { mode: 0o600 });
    renameSync(tmp, file);
  }
}
