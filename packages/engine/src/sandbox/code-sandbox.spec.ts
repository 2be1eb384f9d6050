import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { CodeSandboxError, runUserCode, shutdownCodeSandbox } from './code-sandbox';
import { CodeSandboxPool, createSandboxWorker } from './code-sandbox.pool';

async function failure(
  source: string,
  input: unknown = {},
  limits?: Parameters<typeof runUserCode>[2],
): Promise<CodeSandboxError> {
  const err = await runUserCode(source, input, limits).then(
    (v) => new Error(`expected a failure, got ${JSON.stringify(v)}`),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CodeSandboxError);
  return err as CodeSandboxError;
}

afterAll(() => shutdownCodeSandbox());

describe('runUserCode', () => {
  it('returns JSON computed from the input', async () => {
    const input = { nodes: { fetch: { output: [3, 4, 5] } }, vars: { factor: 2 }, input: 'hi' };
    const out = await runUserCode(
      `const xs = input.nodes.fetch.output.map((x) => x * input.vars.factor);
       return { sum: xs.reduce((a, b) => a + b, 0), xs, upper: input.input.toUpperCase(), when: typeof Date.now() };`,
      input,
    );
    expect(out).toEqual({ sum: 24, xs: [6, 8, 10], upper: 'HI', when: 'number' });
  });

  it('works on a copy: mutating input does not touch the caller object', async () => {
    const input = { list: [1] };
    await runUserCode('input.list.push(2); return input.list.length', input);
    expect(input.list).toEqual([1]);
  });

  it('turns a missing return into null and supports async bodies that settle', async () => {
    expect(await runUserCode('const x = 1;', {})).toBeNull();
    expect(
      await runUserCode('return (async () => { const v = await Promise.resolve(input.n); return v * 3 })()', {
        n: 5,
      }),
    ).toBe(15);
  });

  it('stops an infinite loop with code_timeout close to the limit', async () => {
    const t0 = Date.now();
    const err = await failure('while (true) {}', {}, { timeoutMs: 200 });
    const elapsed = Date.now() - t0;
    expect(err.code).toBe('code_timeout');
    expect(elapsed).toBeGreaterThanOrEqual(190);
    expect(elapsed).toBeLessThan(1000);
  });

  it('cannot catch its way out of the deadline', async () => {
    const err = await failure('for (;;) { try { while (true) {} } catch (e) {} }', {}, { timeoutMs: 100 });
    expect(err.code).toBe('code_timeout');
  });

  it('applies the default 1 s limit', async () => {
    const t0 = Date.now();
    expect((await failure('for (;;) {}')).code).toBe('code_timeout');
    expect(Date.now() - t0).toBeLessThan(2500);
  });

  it.each([
    [
      'growing array of objects',
      'const a = []; for (;;) a.push({ i: a.length, s: "item" + a.length, more: [1, 2, 3] });',
    ],
    [
      'doubling strings kept alive',
      'const a = []; let s = "x".repeat(1e5); for (;;) { s = s + s.slice(0, 1e5) + a.length; a.push(s); }',
    ],
    ['one huge allocation', 'return new ArrayBuffer(1024 * 1024 * 1024).byteLength;'],
  ])('stops a memory bomb (%s) with code_memory', async (_name, source) => {
    const err = await failure(source, {}, { memoryBytes: 16 * 1024 * 1024, timeoutMs: 10_000 });
    expect(err.code).toBe('code_memory');
  });

  it('stops a memory bomb under the default 64 MiB limit', async () => {
    const t0 = Date.now();
    const err = await failure(
      'const a = []; while (true) a.push(new Array(1e6).fill(0));',
      {},
      { timeoutMs: 10_000 },
    );
    expect(err.code).toBe('code_memory');
    expect(err.message).toBe('The code ran out of memory');
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('lets code use memory below the limit', async () => {
    expect(
      await runUserCode(
        'const a = new Array(1e6).fill(7); return a.length',
        {},
        { memoryBytes: 64 * 1024 * 1024 },
      ),
    ).toBe(1e6);
  });

  it('is usable again after a memory bomb', async () => {
    await failure(
      'const a = []; for (;;) a.push([a.length, a.length]);',
      {},
      { memoryBytes: 8 * 1024 * 1024, timeoutMs: 10_000 },
    );
    expect(
      await runUserCode(
        'return Array.from({ length: 1000 }, (_, i) => i).length',
        {},
        { memoryBytes: 8 * 1024 * 1024 },
      ),
    ).toBe(1000);
  });

  it.each([
    ["require('fs')", "return require('fs').readFileSync('/etc/passwd', 'utf8')", /require.*not defined/],
    ['process', 'return process.env', /process.*not defined/],
    ['fetch', 'return fetch("http://example.com")', /fetch.*not defined/],
    ['setTimeout', 'setTimeout(() => {}, 1)', /setTimeout.*not defined/],
    [
      'globalThis host objects',
      'return [typeof globalThis.Buffer, typeof globalThis.module, typeof globalThis.global].join(",") === "undefined,undefined,undefined" ? null.x : 1',
      /TypeError/,
    ],
  ])('has no host access: %s → code_error', async (_name, source, message) => {
    const err = await failure(source);
    expect(err.code).toBe('code_error');
    expect(err.message).toMatch(message);
  });

  it('reports the user message and line of a thrown error', async () => {
    const err = await failure('const a = 1;\nconst b = 2;\nthrow new Error("bad input: " + (a + b));');
    expect(err.code).toBe('code_error');
    expect(err.message).toBe('Error: bad input: 3 (line 3)');
    expect(err.line).toBe(3);
    expect((await failure('throw "plain string"')).message).toBe('Uncaught "plain string"');
    expect((await failure('throw null')).code).toBe('code_error');
  });

  it('caps the output at 1 MiB of JSON by default with code_output_too_large', async () => {
    // The 50 MB string of the issue: refused inside QuickJS before it is copied out.
    const big = await failure('return "y".repeat(50 * 1024 * 1024)');
    expect(big.code).toBe('code_output_too_large');
    expect(big.message).toMatch(/more than 1048576 bytes/);
    // Just over the limit once JSON-quoted, and multi-byte text counted in UTF-8 bytes.
    expect((await failure('return "y".repeat(1024 * 1024 - 1)')).code).toBe('code_output_too_large');
    expect((await failure('return "é".repeat(600 * 1024)')).code).toBe('code_output_too_large');
    expect(await runUserCode('return "y".repeat(1024 * 1024 - 2)', {})).toHaveLength(1024 * 1024 - 2);
  });

  it('applies a configured output limit', async () => {
    const err = await runUserCode('return { list: [1, 2, 3] }', {}, { maxOutputBytes: 10 }).catch(
      (e: unknown) => e as CodeSandboxError,
    );
    expect((err as CodeSandboxError).code).toBe('code_output_too_large');
    expect(await runUserCode('return [1]', {}, { maxOutputBytes: 10 })).toEqual([1]);
  });

  it('reports syntax errors with their line', async () => {
    const err = await failure('const ok = 1;\nconst = 2;');
    expect(err.code).toBe('code_error');
    expect(err.message).toMatch(/^SyntaxError: .+ \(line 2\)$/);
    expect(err.line).toBe(2);
  });

  it('turns deep recursion into a catchable stack overflow error, not a crash', async () => {
    const err = await failure('function f(n) { return f(n + 1) + 1 } return f(0)');
    expect(err.code).toBe('code_error');
    expect(err.message).toMatch(/stack overflow/);
    expect(await runUserCode('return 1 + 1', {})).toBe(2);
  });

  it.each([
    ['a function', 'return () => 1', /function/],
    ['a symbol', 'return Symbol("x")', /symbol/],
    ['a BigInt', 'return 10n', /bigint/],
    ['a nested BigInt', 'return { n: 10n }', /BigInt/i],
    ['a circular object', 'const o = {}; o.self = o; return o', /circular/i],
  ])('rejects non-JSON output: %s → code_output_invalid', async (_name, source, message) => {
    const err = await failure(source);
    expect(err.code).toBe('code_output_invalid');
    expect(err.message).toMatch(message);
  });

  it('rejects a promise that can never settle', async () => {
    const err = await failure('return new Promise(() => {})');
    expect(err.code).toBe('code_error');
    expect(err.message).toMatch(/never settled/);
  });

  it('keeps runs isolated from each other', async () => {
    await runUserCode('globalThis.leak = 42; Object.prototype.polluted = true; return 1', {});
    expect(await runUserCode('return [typeof globalThis.leak, ({}).polluted === undefined]', {})).toEqual([
      'undefined',
      true,
    ]);
  });

  it('is fast enough for per-message use', async () => {
    const t0 = Date.now();
    for (let i = 0; i < 50; i++) await runUserCode('return input.n + 1', { n: i });
    expect(Date.now() - t0).toBeLessThan(2000);
  });
});

/** Settles with the value or the error, plus when it settled (ms since t0). */
async function timed(
  t0: number,
  run: Promise<unknown>,
): Promise<{ value?: unknown; error?: unknown; ms: number }> {
  return run.then(
    (value) => ({ value, ms: Date.now() - t0 }),
    (error: unknown) => ({ error, ms: Date.now() - t0 }),
  );
}

const codeOf = (e: unknown): string | undefined => (e instanceof CodeSandboxError ? e.code : undefined);

describe('runUserCode off the main thread', () => {
  const poolSize = Math.min(2, availableParallelism());

  beforeAll(async () => {
    // Start every worker first so start-up time does not blur the timings below.
    await Promise.all(Array.from({ length: poolSize }, () => runUserCode('return 1', {})));
  });

  it('keeps the event loop responsive while user code loops forever', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    try {
      const t0 = Date.now();
      const { error, ms } = await timed(t0, runUserCode('while (true) {}', {}, { timeoutMs: 500 }));
      expect(codeOf(error)).toBe('code_timeout');
      expect(ms).toBeGreaterThanOrEqual(490);
      // ~50 when idle; a blocked loop gets at most one.
      expect(ticks).toBeGreaterThanOrEqual(10);
    } finally {
      clearInterval(timer);
    }
  });

  it('runs two infinite loops and a normal job side by side in about one time limit', async () => {
    const t0 = Date.now();
    const [a, b, c] = await Promise.all([
      timed(t0, runUserCode('for (;;) {}', {}, { timeoutMs: 1000 })),
      timed(t0, runUserCode('while (true) {}', {}, { timeoutMs: 1000 })),
      timed(t0, runUserCode('return input.n * 2', { n: 21 }, { timeoutMs: 1000 })),
    ]);
    expect([codeOf(a.error), codeOf(b.error)]).toEqual(['code_timeout', 'code_timeout']);
    expect(c.value).toBe(42);
    // With two workers the normal job waits for one loop's time limit, not for both.
    const rounds = Math.ceil(2 / poolSize);
    expect(Math.max(a.ms, b.ms, c.ms)).toBeLessThan(rounds * 1000 + 800);
  });

  it('does not make a quick job wait behind a running infinite loop', async () => {
    const t0 = Date.now();
    const loop = timed(t0, runUserCode('while (true) {}', {}, { timeoutMs: 1500 }));
    const quick = await timed(t0, runUserCode('return "fast"', {}));
    expect(quick.value).toBe('fast');
    if (poolSize > 1) expect(quick.ms).toBeLessThan(700);
    expect(codeOf((await loop).error)).toBe('code_timeout');
  });

  it('aborts a running job promptly with code_aborted, then works again', async () => {
    const controller = new AbortController();
    const t0 = Date.now();
    const run = timed(
      t0,
      runUserCode('while (true) {}', {}, { timeoutMs: 10_000, signal: controller.signal }),
    );
    setTimeout(() => controller.abort(), 100);
    const { error, ms } = await run;
    expect(codeOf(error)).toBe('code_aborted');
    expect(ms).toBeLessThan(600);
    expect(await runUserCode('return 7', {})).toBe(7);
  });

  it('refuses a job whose signal is already aborted', async () => {
    const err = await failure('return 1', {}, { signal: AbortSignal.abort() });
    expect(err.code).toBe('code_aborted');
  });

  it('rejects in-flight runs with code_aborted on shutdown and starts afresh afterwards', async () => {
    const run = runUserCode('while (true) {}', {}, { timeoutMs: 10_000 }).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 50));
    await shutdownCodeSandbox();
    expect(codeOf(await run)).toBe('code_aborted');
    expect(await runUserCode('return "again"', {})).toBe('again');
  });
});

describe('CodeSandboxPool', () => {
  const pools: CodeSandboxPool[] = [];
  const job = (source: string, timeoutMs = 1000) => ({
    source,
    json: '{}',
    timeoutMs,
    memoryBytes: 16 * 1024 * 1024,
    maxOutputBytes: 1024 * 1024,
  });
  /** A pool whose first workers are the given fakes (eval'd worker bodies), then real sandbox workers. */
  const poolWith = (fakes: string[], options: ConstructorParameters<typeof CodeSandboxPool>[0] = {}) => {
    const created: Worker[] = [];
    const pool = new CodeSandboxPool({
      size: 1,
      ...options,
      createWorker: () => {
        const fake = fakes.shift();
        const worker =
          fake === undefined
            ? createSandboxWorker()
            : new Worker(`const { parentPort } = require('node:worker_threads');\n${fake}`, { eval: true });
        created.push(worker);
        return worker;
      },
    });
    pools.push(pool);
    return { pool, created };
  };

  afterAll(() => Promise.all(pools.map((p) => p.shutdown())));

  it.each([
    ['throws', "parentPort.on('message', () => { throw new Error('boom') });", 'code_error', /crashed: boom/],
    [
      'exits',
      "parentPort.on('message', () => process.exit(3));",
      'code_error',
      /exited unexpectedly \(code 3\)/,
    ],
    [
      'runs out of wasm memory',
      "parentPort.on('message', () => { throw new RangeError('WebAssembly.Memory(): could not allocate memory') });",
      'code_memory',
      /out of memory/,
    ],
  ])('fails the job when its worker %s, then replaces the worker', async (_name, fake, code, message) => {
    const { pool, created } = poolWith([fake]);
    const err = await pool.run(job('return 1')).catch((e: unknown) => e);
    expect(codeOf(err)).toBe(code);
    expect((err as Error).message).toMatch(message);
    expect(await pool.run(job('return [1, 2]'))).toBe('[1,2]');
    expect(created).toHaveLength(2);
    expect(pool.stats).toEqual({ workers: 1, busy: 0, queued: 0 });
  });

  it('fails the job when a worker cannot even be created, without stalling the queue', async () => {
    let attempts = 0;
    const pool = new CodeSandboxPool({
      size: 1,
      createWorker: () => {
        if (attempts++ === 0) throw new Error('no threads left');
        return createSandboxWorker();
      },
    });
    pools.push(pool);
    const [first, second] = await Promise.all([
      pool.run(job('return 1')).catch((e: unknown) => e),
      pool.run(job('return 2')),
    ]);
    expect(codeOf(first)).toBe('code_error');
    expect(second).toBe('2');
  });

  it('fails the job when a real worker dies mid-run, and the next job succeeds', async () => {
    const { pool, created } = poolWith([]);
    await pool.run(job('return 0'));
    const t0 = Date.now();
    const run = timed(t0, pool.run(job('while (true) {}', 10_000)));
    await new Promise((r) => setTimeout(r, 100));
    await created[0].terminate();
    const { error, ms } = await run;
    expect(codeOf(error)).toBe('code_error');
    expect(ms).toBeLessThan(1000);
    expect(await pool.run(job('return "next"'))).toBe('"next"');
    expect(created).toHaveLength(2);
  });

  it('kills a worker that does not answer after its hard deadline (code_timeout) and replaces it', async () => {
    const stuck =
      "parentPort.on('message', (job) => { parentPort.postMessage({ type: 'started', id: job.id }); for (;;) {} });";
    const { pool, created } = poolWith([stuck], { hardMarginMs: 200 });
    const t0 = Date.now();
    const { error, ms } = await timed(t0, pool.run(job('return 1', 100)));
    expect(codeOf(error)).toBe('code_timeout');
    expect(ms).toBeGreaterThanOrEqual(290);
    expect(ms).toBeLessThan(1500);
    expect(await pool.run(job('return 2'))).toBe('2');
    expect(created).toHaveLength(2);
  });

  it('kills a worker that never starts the run (code_timeout)', async () => {
    // The replacement is a fake too: a real worker started from TS sources may need more than 300 ms.
    const echo =
      "parentPort.on('message', (job) => { parentPort.postMessage({ type: 'started', id: job.id }); parentPort.postMessage({ type: 'done', id: job.id, text: '3' }); });";
    const { pool, created } = poolWith(["parentPort.on('message', () => {});", echo], {
      startTimeoutMs: 300,
    });
    const err = await pool.run(job('return 1')).catch((e: unknown) => e);
    expect(codeOf(err)).toBe('code_timeout');
    expect((err as Error).message).toMatch(/did not start/);
    expect(await pool.run(job('return 3'))).toBe('3');
    expect(created).toHaveLength(2);
  });

  it('queues jobs up to its bound, then refuses with code_busy; a queued job can be aborted', async () => {
    const { pool } = poolWith([], { maxQueue: 2 });
    await pool.run(job('return 0'));
    const t0 = Date.now();
    const loop = timed(t0, pool.run(job('while (true) {}', 300)));
    const controller = new AbortController();
    const abandoned = timed(t0, pool.run(job('return "never"'), controller.signal));
    const queued = timed(t0, pool.run(job('return "queued"')));
    const refused = await timed(t0, pool.run(job('return "refused"')));
    expect(codeOf(refused.error)).toBe('code_busy');
    expect(refused.ms).toBeLessThan(100);
    expect(pool.stats).toEqual({ workers: 1, busy: 1, queued: 2 });

    controller.abort();
    const gone = await abandoned;
    expect(codeOf(gone.error)).toBe('code_aborted');
    expect(gone.ms).toBeLessThan(100);
    expect(codeOf((await loop).error)).toBe('code_timeout');
    expect((await queued).value).toBe('"queued"');
  });
});
