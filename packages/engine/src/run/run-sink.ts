import { randomUUID } from 'node:crypto';
import type { StreamChunk } from './stream-chunk.js';

/**
 * Why not LangGraph's custom stream: chunks written just before a node throws are dropped when
 * the graph stream errors, so failure events (`tool failed`, `node failed`) would be lost.
 * Nodes write to this per-run sink instead, found through a token in `configurable` (a plain
 * string, so nothing unserialisable reaches the checkpointer).
 */
export const RUN_SINK_KEY = 'agenthub_run_sink';
const sinks = new Map<string, (chunk: StreamChunk) => void>();

export function registerSink(write: (chunk: StreamChunk) => void): { token: string; dispose(): void } {
  const token = randomUUID();
  sinks.set(token, write);
  return { token, dispose: () => sinks.delete(token) };
}

export function sinkFor(
  configurable: Record<string, unknown> | undefined,
): ((chunk: StreamChunk) => void) | undefined {
  const token = configurable?.[RUN_SINK_KEY];
  return typeof token === 'string' ? sinks.get(token) : undefined;
}

/** Minimal single-consumer async queue. */
export class AsyncQueue<T> {
  private readonly items: T[] = [];
  private waiter: (() => void) | undefined;
  private closed = false;

  push(item: T): void {
    if (this.closed) return;
    this.items.push(item);
    this.wake();
  }

  close(): void {
    this.closed = true;
    this.wake();
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
  }

  async *drain(): AsyncGenerator<T> {
    for (;;) {
      while (this.items.length) yield this.items.shift()!;
      if (this.closed) return;
      await new Promise<void>((resolve) => (this.waiter = resolve));
    }
  }
}
