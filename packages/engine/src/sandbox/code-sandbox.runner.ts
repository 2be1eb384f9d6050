// Runs inside a sandbox worker thread (see code-sandbox.worker.ts); never on the API's main thread.
import { createRequire } from 'node:module';
import {
  newQuickJSWASMModule,
  newVariant,
  RELEASE_SYNC,
  type QuickJSSyncVariant,
  type QuickJSContext,
  type QuickJSHandle,
  type QuickJSRuntime,
  type QuickJSWASMModule,
} from 'quickjs-emscripten';
import { CodeSandboxError } from './code-sandbox.errors.js';
import type { SandboxJob } from './code-sandbox.protocol.js';

type RunJob = Omit<SandboxJob, 'id'>;

const WASM_PAGE = 64 * 1024;
/** Pages the QuickJS build needs before any user allocation (its initial memory: stack + static data). */
const BASE_PAGES = 256;
/**
 * QuickJS recursion guard. Kept well below what the host thread can take, because the
 * interpreter's wasm frames also live on the host stack: a host stack overflow inside wasm would
 * leave the module unusable, whereas QuickJS's own check raises a catchable "stack overflow".
 */
const MAX_STACK_BYTES = 256 * 1024;
const USER_FILE = 'code.js';
const OUTPUT_INVALID = 'AgentHubOutputInvalid';
const OUTPUT_TOO_LARGE = 'AgentHubOutputTooLarge';

/**
 * One module per memory size. The limit is enforced by capping the module's WebAssembly memory:
 * in this wasm build QuickJS cannot measure allocation sizes (`malloc_usable_size` is missing), so
 * `runtime.setMemoryLimit` would not stop a memory bomb. Runs are synchronous within a worker, so a module is never
 * used by two runs at once; each run gets a fresh runtime and context that are disposed afterwards,
 * which hands the memory back to the module's allocator.
 */
// The project's TS lib has no WebAssembly typings; this is the little the sandbox uses.
interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
type WasmMemoryConstructor = new (descriptor: { initial: number; maximum: number }) => WasmMemory;
const WasmMemoryImpl = (globalThis as unknown as { WebAssembly: { Memory: WasmMemoryConstructor } })
  .WebAssembly.Memory;
type VariantMemory = NonNullable<Parameters<typeof newVariant>[1]['wasmMemory']>;

interface SandboxModule {
  mod: QuickJSWASMModule;
  memory: WasmMemory;
  maxBytes: number;
  slackBytes: number;
}

const modules = new Map<number, Promise<SandboxModule>>();
const EXHAUSTION_SLACK_BYTES = 4 * 1024 * 1024;
const MAX_CACHED_MODULES = 4;

/**
 * The stock variant loads its emscripten module with a dynamic `import()`, which CommonJS hosts such
 * as Jest refuse; load the CommonJS build of the same module instead (resolved from
 * quickjs-emscripten, which depends on it).
 */
const CJS_RELEASE_SYNC: QuickJSSyncVariant = {
  type: 'sync',
  importFFI: RELEASE_SYNC.importFFI,
  importModuleLoader: async () => {
    const fromQuickJs = createRequire(require.resolve('quickjs-emscripten'));
    const loaded = fromQuickJs('@jitl/quickjs-wasmfile-release-sync/emscripten-module') as
      | Awaited<ReturnType<QuickJSSyncVariant['importModuleLoader']>>
      | { default: Awaited<ReturnType<QuickJSSyncVariant['importModuleLoader']>> };
    return 'default' in loaded ? loaded.default : loaded;
  },
};

function moduleFor(memoryBytes: number): Promise<SandboxModule> {
  const pages = BASE_PAGES + Math.ceil(memoryBytes / WASM_PAGE);
  let entry = modules.get(pages);
  if (!entry) {
    const memory = new WasmMemoryImpl({ initial: BASE_PAGES, maximum: pages });
    entry = newQuickJSWASMModule(
      newVariant(CJS_RELEASE_SYNC, { wasmMemory: memory as unknown as VariantMemory }),
    ).then((mod) => ({
      mod,
      memory,
      maxBytes: pages * WASM_PAGE,
      slackBytes: Math.min(EXHAUSTION_SLACK_BYTES, Math.floor(memoryBytes / 4)),
    }));
    modules.set(pages, entry);
    entry.catch(() => modules.delete(pages));
    // Each module holds its own memory; keep only the few sizes in use (Map order = insertion order).
    if (modules.size > MAX_CACHED_MODULES) modules.delete(modules.keys().next().value as number);
  }
  return entry;
}

function discardModule(memoryBytes: number): void {
  modules.delete(BASE_PAGES + Math.ceil(memoryBytes / WASM_PAGE));
}

/**
 * Whether the module's memory has (nearly) reached its cap. The allocator grows memory in chunks,
 * so an allocation can fail with a little room left. Wasm memory never shrinks: once a run has
 * grown it this far, the next run must start on a fresh module.
 */
function isExhausted(m: SandboxModule): boolean {
  return m.memory.buffer.byteLength + m.slackBytes >= m.maxBytes;
}

// Runs the user's function on a parsed copy of the input and returns JSON text, so the host never
// touches live VM objects.
const RUNNER = `(function (fn, json, maxChars) {
  "use strict";
  const invalid = (why) => { const e = new Error("the code must return a JSON-serialisable value: " + why); e.name = "${OUTPUT_INVALID}"; return e; };
  const serialise = (v) => {
    if (v === undefined) return "null";
    const t = typeof v;
    if (t === "function" || t === "symbol" || t === "bigint") throw invalid("got a " + t);
    const tooLarge = () => { const e = new Error("too large"); e.name = "${OUTPUT_TOO_LARGE}"; return e; };
    // A huge string would need twice its size again to be stringified: refuse it first.
    if (t === "string" && v.length > maxChars) throw tooLarge();
    let s;
    try { s = JSON.stringify(v); } catch (e) {
      if (e && e.name === "InternalError") throw e;
      throw invalid(String(e && e.message || e));
    }
    if (typeof s !== "string") throw invalid("got " + t);
    if (s.length > maxChars) throw tooLarge();
    return s;
  };
  const out = fn(JSON.parse(json));
  if (out !== null && (typeof out === "object" || typeof out === "function") && typeof out.then === "function") {
    return Promise.resolve(out).then(serialise);
  }
  return serialise(out);
})`;

interface DumpedError {
  name?: unknown;
  message?: unknown;
  stack?: unknown;
  lineNumber?: unknown;
}

function userLine(err: DumpedError): number | undefined {
  if (typeof err.stack === 'string') {
    const m = new RegExp(`${USER_FILE.replace('.', '\\.')}:(\\d+)`).exec(err.stack);
    if (m) return Number(m[1]);
  }
  return typeof err.lineNumber === 'number' ? err.lineNumber : undefined;
}

function outputTooLarge(maxOutputBytes: number): CodeSandboxError {
  return new CodeSandboxError(
    'code_output_too_large',
    `The code returned more than ${maxOutputBytes} bytes of JSON (the code node's output limit)`,
  );
}

function toSandboxError(
  vm: QuickJSContext,
  handle: QuickJSHandle,
  interrupted: () => boolean,
  exhausted: () => boolean,
  maxOutputBytes: number,
): CodeSandboxError {
  const dumped: unknown = vm.dump(handle);
  // When memory is gone QuickJS cannot even allocate its "out of memory" error and throws null.
  if ((dumped === null || dumped === undefined) && exhausted()) {
    return new CodeSandboxError('code_memory', 'The code ran out of memory');
  }
  if (dumped === null || typeof dumped !== 'object') {
    return new CodeSandboxError(
      'code_error',
      `Uncaught ${dumped === undefined ? 'undefined' : JSON.stringify(dumped)}`,
    );
  }
  const err = dumped as DumpedError;
  const name = typeof err.name === 'string' ? err.name : 'Error';
  const message = typeof err.message === 'string' ? err.message : JSON.stringify(dumped);
  if (name === 'InternalError' && message === 'interrupted' && interrupted()) {
    return new CodeSandboxError('code_timeout', 'The code ran longer than its time limit');
  }
  if (name === 'InternalError' && (message === 'out of memory' || message === 'string too long')) {
    return new CodeSandboxError('code_memory', 'The code ran out of memory');
  }
  if (name === OUTPUT_TOO_LARGE) return outputTooLarge(maxOutputBytes);
  if (name === OUTPUT_INVALID) {
    return new CodeSandboxError('code_output_invalid', message.charAt(0).toUpperCase() + message.slice(1));
  }
  const line = userLine(err);
  return new CodeSandboxError(
    'code_error',
    `${name}: ${message}${line !== undefined ? ` (line ${line})` : ''}`,
    line,
  );
}

function dispose(h: { alive: boolean; dispose(): void } | undefined): void {
  if (h?.alive) h.dispose();
}

function execute(sandbox: SandboxModule, job: RunJob): string {
  const { source, json, timeoutMs, memoryBytes, maxOutputBytes } = job;
  const { mod } = sandbox;
  const exhausted = (): boolean => isExhausted(sandbox);
  let runtime: QuickJSRuntime | undefined;
  let vm: QuickJSContext | undefined;
  const handles: QuickJSHandle[] = [];
  try {
    runtime = mod.newRuntime();
    runtime.setMaxStackSize(MAX_STACK_BYTES);
    // Only stops single oversized allocations here (see `modules`), which fail fast instead of growing memory.
    runtime.setMemoryLimit(memoryBytes);
    const deadline = Date.now() + timeoutMs;
    let timedOut = false;
    runtime.setInterruptHandler(() => {
      if (Date.now() > deadline) timedOut = true;
      return timedOut;
    });
    vm = runtime.newContext();
    const ctx = vm;

    const fn = ctx.evalCode(`(function (input) {"use strict";${source}\n})`, USER_FILE);
    if (fn.error) {
      handles.push(fn.error);
      throw toSandboxError(ctx, fn.error, () => timedOut, exhausted, maxOutputBytes);
    }
    handles.push(fn.value);
    const runner = ctx.unwrapResult(ctx.evalCode(RUNNER, 'runner.js'));
    handles.push(runner);
    const input = ctx.newString(json);
    handles.push(input);
    // UTF-8 takes at least one byte per UTF-16 unit: longer JSON text is too large for sure and is
    // refused inside QuickJS, before it is ever copied out; the exact byte count is checked below.
    const maxChars = ctx.newNumber(maxOutputBytes);
    handles.push(maxChars);

    const called = ctx.callFunction(runner, ctx.undefined, fn.value, input, maxChars);
    if (called.error) {
      handles.push(called.error);
      throw toSandboxError(ctx, called.error, () => timedOut, exhausted, maxOutputBytes);
    }
    handles.push(called.value);

    let state = ctx.getPromiseState(called.value);
    if (state.type === 'pending') {
      const jobs = runtime.executePendingJobs();
      if (jobs.error) {
        handles.push(jobs.error);
        throw toSandboxError(ctx, jobs.error, () => timedOut, exhausted, maxOutputBytes);
      }
      state = ctx.getPromiseState(called.value);
    }
    if (state.type === 'pending') {
      throw new CodeSandboxError(
        'code_error',
        'The code returned a promise that never settled (there are no timers or I/O in the sandbox)',
      );
    }
    if (state.type === 'rejected') {
      handles.push(state.error);
      throw toSandboxError(ctx, state.error, () => timedOut, exhausted, maxOutputBytes);
    }
    if (!state.notAPromise) handles.push(state.value);
    const out: unknown = ctx.dump(state.value);
    if (typeof out !== 'string')
      throw new CodeSandboxError('code_output_invalid', 'The code must return a JSON-serialisable value');
    if (Buffer.byteLength(out, 'utf8') > maxOutputBytes) throw outputTooLarge(maxOutputBytes);
    return out;
  } finally {
    for (const h of handles.reverse()) dispose(h);
    dispose(vm);
    dispose(runtime);
  }
}

/**
 * Runs the user's function body on a fresh runtime of the module for `memoryBytes` and returns the
 * JSON text of its result; throws a CodeSandboxError for anything the user's code did.
 * `onStarted` fires once the module is loaded, right before the synchronous run begins, so the
 * host can start its own deadline from there rather than include module start-up.
 */
export async function runInQuickJs(job: RunJob, onStarted?: () => void): Promise<string> {
  const { memoryBytes } = job;
  const sandbox = await moduleFor(memoryBytes);
  onStarted?.();
  try {
    return execute(sandbox, job);
  } catch (err) {
    if (err instanceof CodeSandboxError) throw err;
    // A host-level failure inside wasm (e.g. a trap) may have corrupted the module: never reuse it.
    discardModule(memoryBytes);
    const message = err instanceof Error ? err.message : String(err);
    if (isExhausted(sandbox) || /\bOOM\b|out of memory|enlarge memory/i.test(message))
      throw new CodeSandboxError('code_memory', 'The code ran out of memory');
    throw new CodeSandboxError('code_error', `The sandbox failed: ${message}`);
  } finally {
    if (isExhausted(sandbox)) discardModule(memoryBytes);
  }
}
