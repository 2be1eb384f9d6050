import type { RunEvent } from '@agenthub/contracts';
import type { QueueSettings } from './queue-settings.js';
import {
  parseEventId,
  RunEventBus,
  type RunEventEnvelope,
  type RunEventPosition,
} from './run-event-bus.port.js';

interface RunLog {
  /** Increasing ids, not always contiguous (ids reserved by resumeSequence are skipped). */
  entries: Array<{ seq: number; event: RunEvent }>;
  /** Events at or below it are gone (trimmed by the cap, or expired before resumeSequence). */
  floor: number;
  lastSeq: number;
  expiry?: NodeJS.Timeout;
}

/**
 * Embedded mode: events per run in this process' memory, capped at `eventsMaxLen` (oldest
 * dropped) and deleted `memoryEventsTtlSec` after the run completes.
 */
export class MemoryRunEventBus extends RunEventBus {
  private readonly logs = new Map<string, RunLog>();
  /** Subscribers waiting for the next event of a run (kept apart so waiting creates no log). */
  private readonly waiters = new Map<string, Set<() => void>>();

  constructor(private readonly settings: Pick<QueueSettings, 'eventsMaxLen' | 'memoryEventsTtlSec'>) {
    super();
  }

  async publish(runId: string, event: RunEvent): Promise<string> {
    const log = this.logFor(runId);
    if (log.expiry) {
      // A resumed run (after a paused `done`) publishes again: keep it.
      clearTimeout(log.expiry);
      log.expiry = undefined;
    }
    log.lastSeq += 1;
    log.entries.push({ seq: log.lastSeq, event });
    if (log.entries.length > this.settings.eventsMaxLen) log.floor = log.entries.shift()!.seq;
    if (event.type === 'done') this.scheduleExpiry(runId, log);
    this.wake(runId);
    return String(log.lastSeq);
  }

  async *subscribe(runId: string, afterId?: string, signal?: AbortSignal): AsyncIterable<RunEventEnvelope> {
    let after = parseEventId(afterId);
    while (!signal?.aborted) {
      const log = this.logs.get(runId);
      const last = log?.entries.at(-1);
      if (log && last && last.seq > after) {
        // Re-found after each yield: the consumer may have been slow and the cap dropped entries.
        const next = log.entries[firstAfter(log.entries, after)]!;
        yield { id: String(next.seq), event: next.event };
        after = next.seq;
        if (next.event.type === 'done') return;
        continue;
      }
      await this.nextEvent(runId, signal);
    }
  }

  async position(runId: string): Promise<RunEventPosition | null> {
    const log = this.logs.get(runId);
    if (!log) return null;
    const last = log.entries.at(-1);
    return {
      floor: log.floor,
      lastId: last?.seq ?? log.floor,
      endsWithDone: last?.event.type === 'done',
    };
  }

  async complete(runId: string): Promise<void> {
    const log = this.logs.get(runId);
    if (log) this.scheduleExpiry(runId, log);
  }

  async resumeSequence(runId: string, lastId: string, reserved = 0): Promise<void> {
    const last = parseEventId(lastId, 'lastId');
    const log = this.logFor(runId);
    if (log.lastSeq < last) {
      log.entries = [];
      log.floor = last;
    }
    log.lastSeq = Math.max(log.lastSeq, last + reserved);
  }

  async close(): Promise<void> {
    for (const log of this.logs.values()) clearTimeout(log.expiry);
    this.logs.clear();
    for (const runId of [...this.waiters.keys()]) this.wake(runId);
  }

  private logFor(runId: string): RunLog {
    let log = this.logs.get(runId);
    if (!log) {
      log = { entries: [], floor: 0, lastSeq: 0 };
      this.logs.set(runId, log);
    }
    return log;
  }

  private scheduleExpiry(runId: string, log: RunLog): void {
    clearTimeout(log.expiry);
    log.expiry = setTimeout(() => {
      if (this.logs.get(runId) === log) this.logs.delete(runId);
    }, this.settings.memoryEventsTtlSec * 1000);
    log.expiry.unref();
  }

  private nextEvent(runId: string, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      let set = this.waiters.get(runId);
      if (!set) this.waiters.set(runId, (set = new Set()));
      const wake = () => {
        set.delete(wake);
        if (set.size === 0 && this.waiters.get(runId) === set) this.waiters.delete(runId);
        signal?.removeEventListener('abort', wake);
        resolve();
      };
      set.add(wake);
      signal?.addEventListener('abort', wake, { once: true });
    });
  }

  private wake(runId: string): void {
    const set = this.waiters.get(runId);
    if (set) for (const wake of [...set]) wake();
  }
}

/** Index of the first entry with an id above `after` (entries are sorted by id). */
function firstAfter(entries: RunLog['entries'], after: number): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (entries[mid]!.seq > after) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
