import { availableParallelism } from 'node:os';
import { extname, join } from 'node:path';
// The real timers: a deadline that guards the API must not stop when a test fakes the global ones.
import { clearTimeout, setTimeout } from 'node:timers';
import { Worker } from 'node:worker_threads';
import { CodeSandboxError } from './code-sandbox.errors.js';
import type { SandboxJob, SandboxReply } from './code-sandbox.protocol.js';

export interface CodeSandboxPoolOptions {
  /** Worker threads at most. Default min(2, available CPUs). */
  size?: number;
  /** Jobs that may wait for a free worker; beyond that a run fails with `code_busy`. Default 100. */
  maxQueue?: number;
  /** How long past its own time limit a started run may go before its worker is killed. Default 500 ms. */
  hardMarginMs?: number;
  /** Budget for a worker to start and load QuickJS before a run begins. Default 10 s. */
  startTimeoutMs?: number;
  /** Makes a worker that runs code-sandbox.worker (injected by tests to simulate broken workers). */
  createWorker?: () => Worker;
}

export type SandboxJobInput = Omit<SandboxJob, 'id'>;

interface PendingJob {
  payload: SandboxJob;
  signal?: AbortSignal;
  onAbort?: () => void;
  resolve(text: string): void;
  reject(err: CodeSandboxError): void;
}

interface Slot {
  worker: Worker;
  job?: PendingJob;
  timer?: ReturnType<typeof setTimeout>;
}

/**
 * Starts code-sandbox.worker next to this module: the compiled `.js` in the built package; the
 * TypeScript source through a `.js` bootstrap that registers a TS loader when running from sources.
 */
export function createSandboxWorker(): Worker {
  const ext = extname(__filename);
  const entry = join(__dirname, `code-sandbox.worker${ext}`);
  if (ext === '.ts')
    return new Worker(join(__dirname, 'code-sandbox.worker-bootstrap.js'), { workerData: { entry } });
  return new Worker(entry);
}

function crashError(err: unknown): CodeSandboxError {
  // Not `instanceof Error`: errors cloned from a worker may belong to another realm (e.g. under Jest).
  const { message: raw, code } = (err ?? {}) as { message?: unknown; code?: unknown };
  const message = typeof raw === 'string' ? raw : String(err);
  // V8 heap limit of the worker, or the wasm module failing to grow/allocate its memory.
  if (code === 'ERR_WORKER_OUT_OF_MEMORY' || /out of memory|enlarge memory|allocate memory/i.test(message))
    return new CodeSandboxError('code_memory', 'The code ran out of memory');
  return new CodeSandboxError('code_error', `The sandbox crashed: ${message}`);
}

/**
 * A small pool of worker threads that run sandbox jobs one per worker. Workers start on demand,
 * are unref'd (an idle pool never keeps the process alive; a running job's deadline timer does)
 * and are thrown away whenever they misbehave: a run that outlives its hard deadline, is aborted,
 * or whose worker dies rejects with a coded error and the next job gets a fresh worker.
 */
export class CodeSandboxPool {
  private readonly size: number;
  private readonly maxQueue: number;
  private readonly hardMarginMs: number;
  private readonly startTimeoutMs: number;
  private readonly createWorker: () => Worker;
  private readonly slots: Slot[] = [];
  private readonly queue: PendingJob[] = [];
  private nextId = 1;

  constructor(options: CodeSandboxPoolOptions = {}) {
    this.size = Math.max(1, options.size ?? Math.min(2, availableParallelism()));
    this.maxQueue = options.maxQueue ?? 100;
    this.hardMarginMs = options.hardMarginMs ?? 500;
    this.startTimeoutMs = options.startTimeoutMs ?? 10_000;
    this.createWorker = options.createWorker ?? createSandboxWorker;
  }

  /** Live workers, busy ones and waiting jobs (for tests and metrics). */
  get stats(): { workers: number; busy: number; queued: number } {
    return {
      workers: this.slots.length,
      busy: this.slots.filter((s) => s.job).length,
      queued: this.queue.length,
    };
  }

  /** Runs one job; resolves with the JSON text of the result, rejects with a CodeSandboxError. */
  run(input: SandboxJobInput, signal?: AbortSignal): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      if (signal?.aborted) return reject(new CodeSandboxError('code_aborted', 'The run was aborted'));
      const free = this.slots.some((s) => !s.job) || this.slots.length < this.size;
      if (!free && this.queue.length >= this.maxQueue)
        return reject(new CodeSandboxError('code_busy', 'Too many code runs are waiting; try again later'));
      const job: PendingJob = { payload: { ...input, id: this.nextId++ }, signal, resolve, reject };
      if (signal) {
        job.onAbort = () => this.abort(job);
        signal.addEventListener('abort', job.onAbort, { once: true });
      }
      this.queue.push(job);
      this.pump();
    });
  }

  /** Terminates every worker; running and waiting jobs reject with `code_aborted`. The pool stays usable. */
  async shutdown(): Promise<void> {
    const stopped = new CodeSandboxError('code_aborted', 'The code sandbox was shut down');
    for (const job of this.queue.splice(0)) this.settle(job, stopped);
    await Promise.all([...this.slots].map((slot) => this.discard(slot, stopped)));
  }

  private pump(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => !s.job);
      if (!slot) {
        if (this.slots.length >= this.size) return;
        try {
          slot = this.spawn();
        } catch (err) {
          this.settle(this.queue.shift() as PendingJob, crashError(err));
          continue;
        }
      }
      this.assign(slot, this.queue.shift() as PendingJob);
    }
  }

  private spawn(): Slot {
    const slot: Slot = { worker: this.createWorker() };
    slot.worker.on('message', (reply: SandboxReply) => this.onReply(slot, reply));
    slot.worker.on('error', (err) => void this.discard(slot, crashError(err)));
    slot.worker.on(
      'exit',
      (code) =>
        void this.discard(
          slot,
          new CodeSandboxError('code_error', `The sandbox exited unexpectedly (code ${code})`),
        ),
    );
    // After the listeners: adding a 'message' listener refs the worker's port again.
    slot.worker.unref();
    this.slots.push(slot);
    return slot;
  }

  private assign(slot: Slot, job: PendingJob): void {
    slot.job = job;
    // Until the worker says the run has started: start-up and loading QuickJS for this memory size.
    this.arm(slot, this.startTimeoutMs, 'The code sandbox did not start in time');
    slot.worker.postMessage(job.payload);
  }

  private arm(slot: Slot, ms: number, message: string): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = setTimeout(() => void this.discard(slot, new CodeSandboxError('code_timeout', message)), ms);
  }

  private onReply(slot: Slot, reply: SandboxReply): void {
    const job = slot.job;
    if (!job || reply.id !== job.payload.id) return;
    if (reply.type === 'started') {
      // QuickJS stops the code itself at timeoutMs; this only fires if the worker is stuck past that.
      this.arm(slot, job.payload.timeoutMs + this.hardMarginMs, 'The code ran longer than its time limit');
      return;
    }
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = undefined;
    slot.job = undefined;
    if (reply.type === 'done') this.settle(job, undefined, reply.text);
    else this.settle(job, new CodeSandboxError(reply.code, reply.message, reply.line));
    this.pump();
  }

  private abort(job: PendingJob): void {
    const aborted = new CodeSandboxError('code_aborted', 'The run was aborted');
    const queued = this.queue.indexOf(job);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      this.settle(job, aborted);
      return;
    }
    const slot = this.slots.find((s) => s.job === job);
    if (slot) void this.discard(slot, aborted);
  }

  /** Removes a worker from the pool for good, fails its job with `err` and lets a fresh worker take the queue. */
  private discard(slot: Slot, err: CodeSandboxError): Promise<unknown> {
    const index = this.slots.indexOf(slot);
    if (index < 0) return Promise.resolve();
    this.slots.splice(index, 1);
    if (slot.timer) clearTimeout(slot.timer);
    const job = slot.job;
    slot.job = undefined;
    if (job) this.settle(job, err);
    const terminated = slot.worker.terminate().catch(() => undefined);
    this.pump();
    return terminated;
  }

  private settle(job: PendingJob, err: CodeSandboxError | undefined, text?: string): void {
    if (job.onAbort) job.signal?.removeEventListener('abort', job.onAbort);
    if (err) job.reject(err);
    else job.resolve(text as string);
  }
}
