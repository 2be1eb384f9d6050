/*
 * The `code` node sandbox: untrusted user JavaScript runs in QuickJS (quickjs-emscripten) inside a
 * small pool of worker threads, never on the caller's thread, so a busy loop cannot stall the
 * API's event loop (in the embedded mode that loop serves every agent, request and stream).
 *
 * - code-sandbox.ts (this file): the public API; JSON in, JSON out, coded errors.
 * - code-sandbox.pool.ts: min(2, CPUs) workers, started lazily and unref'd; a bounded queue
 *   (`code_busy` when full); a hard deadline per run (time limit + margin) after which the worker
 *   is terminated and replaced, so even a stuck QuickJS cannot hang a run; a worker that dies
 *   fails its run with `code_memory`/`code_error` and is replaced; an AbortSignal kills the run.
 * - code-sandbox.worker.ts: the worker entry. From TypeScript sources (Jest) it is started through
 *   code-sandbox.worker-bootstrap.js, which registers @swc-node/register in the worker.
 * - code-sandbox.runner.ts: the QuickJS run itself (inside the worker). Lessons kept from the
 *   single-thread version: the memory limit caps the module's WebAssembly memory (setMemoryLimit
 *   cannot measure allocations in this build), modules are cached per memory size, and the
 *   CommonJS build of the variant is loaded because Jest refuses its dynamic import().
 */
import { CodeSandboxError } from './code-sandbox.errors.js';
import { CodeSandboxPool } from './code-sandbox.pool.js';

export { CodeSandboxError, type CodeSandboxErrorCode } from './code-sandbox.errors.js';

export interface CodeLimits {
  /** Wall-clock budget for the user's code. Default 1000 ms. */
  timeoutMs?: number;
  /** Heap available to the user's code (approximate: it caps the interpreter's wasm memory). Default 64 MiB. */
  memoryBytes?: number;
  /** Largest result, as UTF-8 bytes of its JSON; beyond it the run fails with `code_output_too_large`. Default 1 MiB. */
  maxOutputBytes?: number;
  /** Aborting it stops the run at once (its worker is terminated) with `code_aborted`. */
  signal?: AbortSignal;
}

export const CODE_LIMIT_DEFAULTS = {
  timeoutMs: 1000,
  memoryBytes: 64 * 1024 * 1024,
  maxOutputBytes: 1024 * 1024,
} as const;

let pool: CodeSandboxPool | undefined;

/**
 * Runs untrusted user JavaScript (a function body that sees `input` and `return`s a value) in a
 * fresh QuickJS runtime on a sandbox worker thread, with a deadline, a memory cap and a stack cap.
 * The sandbox has only the ECMAScript built-ins: no require, process, network, timers or host
 * objects. Resolves with a JSON copy of the returned value (undefined becomes null); an async body
 * works as long as it only awaits promises it settles itself.
 *
 * The deadline is checked between bytecodes, so one long native call such as a huge `repeat` can
 * overrun it a little; past a margin the worker is terminated. Runs wait in a bounded queue when
 * every worker is busy, and that wait does not count against `timeoutMs`.
 */
export async function runUserCode(source: string, input: unknown, limits: CodeLimits = {}): Promise<unknown> {
  const timeoutMs = limits.timeoutMs ?? CODE_LIMIT_DEFAULTS.timeoutMs;
  const memoryBytes = limits.memoryBytes ?? CODE_LIMIT_DEFAULTS.memoryBytes;
  const maxOutputBytes = limits.maxOutputBytes ?? CODE_LIMIT_DEFAULTS.maxOutputBytes;
  const json = JSON.stringify(input ?? null) ?? 'null';
  pool ??= new CodeSandboxPool();
  const text = await pool.run({ source, json, timeoutMs, memoryBytes, maxOutputBytes }, limits.signal);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new CodeSandboxError('code_output_invalid', 'The code must return a JSON-serialisable value');
  }
}

/**
 * Terminates the sandbox workers (for graceful shutdown and tests); runs still in progress or
 * waiting reject with `code_aborted`. A later run starts new workers.
 */
export async function shutdownCodeSandbox(): Promise<void> {
  const current = pool;
  pool = undefined;
  await current?.shutdown();
}
