import type { RunnableConfig } from '@langchain/core/runnables';
import {
  BaseCheckpointSaver,
  copyCheckpoint,
  type ChannelVersions,
  type Checkpoint,
  type CheckpointListOptions,
  type CheckpointMetadata,
  type CheckpointTuple,
  type PendingWrite,
} from '@langchain/langgraph-checkpoint';

type HeldWrite =
  | {
      kind: 'put';
      config: RunnableConfig;
      checkpoint: Checkpoint;
      metadata: CheckpointMetadata;
      versions: ChannelVersions;
    }
  | { kind: 'writes'; config: RunnableConfig; writes: PendingWrite[]; taskId: string; taskPath?: string };

/**
 * Runs one write (or read) of the wrapped checkpointer, repeating it while it fails (a database
 * restart) as the caller sees fit; the checkpoint writes are idempotent upserts.
 */
export type CheckpointRetry = <T>(what: string, call: () => Promise<T>) => Promise<T>;

const once: CheckpointRetry = (_what, call) => call();

const threadOf = (config: RunnableConfig): string | undefined =>
  config.configurable?.thread_id as string | undefined;

/**
 * Wraps a checkpointer so a caller can say, per thread, that it is **new** and that its
 * checkpoints only matter if the run does not complete:
 *
 * - `defer(threadId)`: reads find nothing (no round trip: the thread was just created) and writes
 *   are held in memory; `flush(threadId)` then writes them in order (the run failed, paused or was
 *   cancelled: a retry or resume needs them), `discard(threadId)` drops them (it completed: no one
 *   will ever read them). With durability `exit` that is one checkpoint per run, so a completed
 *   run costs the database nothing here.
 * - `fresh(threadId)`: only the start-of-run read is skipped; writes go through as usual (runs
 *   that must checkpoint as they go, e.g. to be continued by another process).
 *
 * Every other thread passes straight through. A deferred thread read after it wrote (not done
 * by LangGraph within one run) is flushed first, so reads never see a stale state. With `retry`,
 * every write and read of the wrapped checkpointer goes through it (a run survives a short
 * database outage instead of failing its node).
 */
export class DeferringCheckpointer extends BaseCheckpointSaver {
  private readonly held = new Map<string, HeldWrite[]>();
  private readonly fresh = new Set<string>();

  private readonly retry: CheckpointRetry;

  constructor(
    readonly inner: BaseCheckpointSaver,
    options: { retry?: CheckpointRetry } = {},
  ) {
    super(inner.serde);
    this.retry = options.retry ?? once;
  }

  defer(threadId: string): void {
    this.held.set(threadId, []);
  }

  markFresh(threadId: string): void {
    this.fresh.add(threadId);
  }

  /** Writes what the thread held back, in order, and stops deferring it. */
  async flush(threadId: string): Promise<void> {
    const ops = this.held.get(threadId);
    this.held.delete(threadId);
    this.fresh.delete(threadId);
    for (const op of ops ?? []) {
      if (op.kind === 'put') await this.innerPut(op.config, op.checkpoint, op.metadata, op.versions);
      else await this.innerPutWrites(op.config, op.writes, op.taskId, op.taskPath);
    }
  }

  /** Drops what the thread held back and stops deferring it. */
  discard(threadId: string): void {
    this.held.delete(threadId);
    this.fresh.delete(threadId);
  }

  /** Number of threads currently deferred or fresh (tests, leak checks). */
  get tracked(): number {
    return this.held.size + this.fresh.size;
  }

  async getTuple(config: RunnableConfig): Promise<CheckpointTuple | undefined> {
    const threadId = threadOf(config);
    if (threadId !== undefined) {
      if (this.fresh.has(threadId)) return undefined;
      const ops = this.held.get(threadId);
      if (ops && ops.length === 0) return undefined;
      if (ops) await this.flush(threadId);
    }
    return this.retry('Reading a checkpoint', () => this.inner.getTuple(config));
  }

  async *list(config: RunnableConfig, options?: CheckpointListOptions): AsyncGenerator<CheckpointTuple> {
    const threadId = threadOf(config);
    if (threadId !== undefined && this.held.has(threadId)) await this.flush(threadId);
    yield* this.inner.list(config, options);
  }

  async put(
    config: RunnableConfig,
    checkpoint: Checkpoint,
    metadata: CheckpointMetadata,
    newVersions: ChannelVersions,
  ): Promise<RunnableConfig> {
    const threadId = threadOf(config);
    const ops = threadId !== undefined ? this.held.get(threadId) : undefined;
    if (!ops) {
      if (threadId !== undefined) this.fresh.delete(threadId);
      return this.innerPut(config, checkpoint, metadata, newVersions);
    }
    ops.push({
      kind: 'put',
      config,
      checkpoint: copyCheckpoint(checkpoint),
      metadata,
      versions: { ...newVersions },
    });
    // What PostgresSaver (and MemorySaver) return: the config of the checkpoint just written.
    return {
      configurable: {
        thread_id: threadId,
        checkpoint_ns: (config.configurable?.checkpoint_ns as string | undefined) ?? '',
        checkpoint_id: checkpoint.id,
      },
    };
  }

  async putWrites(
    config: RunnableConfig,
    writes: PendingWrite[],
    taskId: string,
    taskPath?: string,
  ): Promise<void> {
    const threadId = threadOf(config);
    const ops = threadId !== undefined ? this.held.get(threadId) : undefined;
    if (!ops) return this.innerPutWrites(config, writes, taskId, taskPath);
    ops.push({ kind: 'writes', config, writes: [...writes], taskId, ...(taskPath ? { taskPath } : {}) });
  }

  async deleteThread(threadId: string): Promise<void> {
    this.discard(threadId);
    await this.inner.deleteThread(threadId);
  }

  private innerPut(
    config: RunnableConfig,
    checkpoint: Checkpoint,
    metadata: CheckpointMetadata,
    versions: ChannelVersions,
  ): Promise<RunnableConfig> {
    return this.retry('Writing a checkpoint', () => this.inner.put(config, checkpoint, metadata, versions));
  }

  private innerPutWrites(
    config: RunnableConfig,
    writes: PendingWrite[],
    taskId: string,
    taskPath?: string,
  ): Promise<void> {
    return this.retry('Writing pending checkpoint writes', () =>
      this.inner.putWrites(config, writes, taskId, taskPath),
    );
  }

  override getNextVersion(current: number | undefined): number {
    // PostgresSaver numbers versions its own way: keep its scheme.
    return (this.inner.getNextVersion as (c: number | undefined) => number)(current);
  }
}
