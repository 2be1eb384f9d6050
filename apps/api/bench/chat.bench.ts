/**
 * Platform benchmark of chat turns, through the real HTTP app, in both queue modes.
 *
 * Run (needs the local Postgres and Redis of the tests, and a current build; about 2 minutes):
 *   pnpm --filter @agenthub/api build && pnpm --filter @agenthub/api bench
 * The API under test is the built server (dist/main.js) in its own process, as deployed; in bullmq
 * mode with one queue worker process (dist/worker.js). This process runs only the bench client and
 * the loopback OpenAI mock. Against a 2-node streamed workflow (template → llm) it measures:
 *   1. chat turns/s with 20 concurrent clients (each turn streamed over SSE and persisted), and the
 *      CPU time per turn of the API process (and worker) from /proc/<pid>/stat — the figure that
 *      bounds throughput: one API process uses one core, so turns/s ≤ 1000 / API CPU ms per turn;
 *   2. platform overhead per turn over the engine alone (compileWorkflow/runWorkflow in this
 *      process, no HTTP, no database), p50/p95;
 *   3. time to first token added by the platform, p50/p95;
 *   4. 200 concurrent streaming chats at 20 tokens/s (~40 tokens each): completion, event ids,
 *      p95 TTFT, peak RSS of the API process (/proc/<pid>/status).
 * Prints a table and writes bench-results/api.json at the repository root.
 * Env: CHAT_BENCH_TURNS (turns measured at 20 concurrent, default 600), CHAT_BENCH_MODES (queue
 * modes to measure, default `inline,bullmq`), CHAT_BENCH_LOG_LEVEL (of the API and worker, default
 * info as deployed), CHAT_BENCH_CPU_PROF=<dir> (V8 CPU profile of the API and worker during the
 * throughput phase, written to <dir>/<role>-<pid>.cpuprofile; see bench/cpu-profile.cjs).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileWorkflow, createModel, runWorkflow } from '@agenthub/engine';
import type { Role } from '@agenthub/contracts';
import { freePort, type MockOpenAIServer, readSse, startMockOpenAI } from '@agenthub/testkit';
import request from 'supertest';
import type { TestApp, TestUser } from '../test/helpers/test-app';
import { createTestDatabase, type TestDatabase } from '../test/helpers/test-database';
import { registerUserOverHttp } from '../test/helpers/http-user';
import { deleteRedisKeys, TEST_REDIS_URL, uniqueRedisPrefix } from '../test/helpers/test-redis';
import { auth, createChat, publishAgent, useMockAsDefaultLlm } from '../test/chat/chat-test.fixtures';
import { type BenchProcess, cpuMs, memoryMiB, startBenchProcess, toggleProfile } from './api-process';

const TURNS = Number(process.env.CHAT_BENCH_TURNS ?? 600);
const MODES = (process.env.CHAT_BENCH_MODES ?? 'inline,bullmq').split(',') as Array<'inline' | 'bullmq'>;
const CLIENTS = 20;
const STREAMS = 200;
const SEQUENTIAL = 150;
const SHORT_ANSWER = 'The quick brown fox jumps over the lazy dog.';
const LONG_ANSWER = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');

const TWO_NODE = {
  schemaVersion: 1,
  entry: 'prep',
  nodes: [
    { id: 'prep', type: 'template', config: { template: 'Question: {{input}}' } },
    { id: 'chat', type: 'llm', config: { prompt: '{{nodes.prep.output}}', stream: true } },
  ],
  edges: [
    { from: 'prep', to: 'chat' },
    { from: 'chat', to: '__end__' },
  ],
};

interface Row {
  name: string;
  value: number;
  unit: string;
  note?: string;
}
const rows: Row[] = [];
const round = (n: number) => Math.round(n * 100) / 100;
const record = (name: string, value: number, unit: string, note?: string) => {
  rows.push({ name, value: round(value), unit, note });
};
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};

interface Turn {
  totalMs: number;
  ttftMs: number;
  text: string;
  status: string;
}

/** One chat turn over SSE: checks event ids are 1..n without gap or duplicate. */
async function turn(base: string, user: TestUser, chatId: string, content: string): Promise<Turn> {
  const t0 = performance.now();
  const res = await fetch(`${base}/api/chats/${chatId}/messages`, {
    method: 'POST',
    headers: { ...auth(user), accept: 'text/event-stream', 'content-type': 'application/json' },
    body: JSON.stringify({ content }),
  });
  if (res.status !== 200) throw new Error(`turn: HTTP ${res.status} ${await res.text()}`);
  let ttftMs = NaN;
  let text = '';
  let status = 'none';
  const ids: number[] = [];
  for await (const ev of readSse(res)) {
    ids.push(Number(ev.id));
    if (ev.event === 'message') {
      if (Number.isNaN(ttftMs)) ttftMs = performance.now() - t0;
      text += (JSON.parse(ev.data) as { delta: string }).delta;
    } else if (ev.event === 'done') status = (JSON.parse(ev.data) as { status: string }).status;
  }
  ids.forEach((id, i) => {
    if (id !== i + 1) throw new Error(`chat ${chatId}: event ids ${ids.join(',')} are not 1..${ids.length}`);
  });
  return { totalMs: performance.now() - t0, ttftMs, text, status };
}

async function engineTurn(run: () => AsyncIterable<{ type: string }>): Promise<Turn> {
  const t0 = performance.now();
  let ttftMs = NaN;
  let status = 'none';
  for await (const e of run()) {
    if (e.type === 'message' && Number.isNaN(ttftMs)) ttftMs = performance.now() - t0;
    if (e.type === 'done') status = (e as unknown as { data: { status: string } }).data.status;
  }
  return { totalMs: performance.now() - t0, ttftMs, text: '', status };
}

/** `total` calls spread over `concurrency` workers; wall time and every result, by call index. */
async function pool<T>(concurrency: number, total: number, once: (i: number, worker: number) => Promise<T>) {
  let next = 0;
  const results: T[] = [];
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      while (next < total) {
        const i = next++;
        results[i] = await once(i, w);
      }
    }),
  );
  return { seconds: (performance.now() - t0) / 1000, results };
}

/** Cumulative commits and row writes of the bench database (to count the work per turn). */
async function dbCounters(db: TestDatabase) {
  const [row] = await db.query<{ xact: string; ins: string; upd: string }>(
    `SELECT xact_commit::text AS xact, tup_inserted::text AS ins, tup_updated::text AS upd
       FROM pg_stat_database WHERE datname = current_database()`,
  );
  return { xact: Number(row!.xact), ins: Number(row!.ins), upd: Number(row!.upd) };
}

async function benchEngine(llm: MockOpenAIServer) {
  const model = createModel({
    kind: 'openai_compatible',
    baseURL: llm.baseURL,
    model: 'mock-model',
    maxRetries: 0,
  });
  const compiled = compileWorkflow(TWO_NODE as never, { resolveModel: () => model });
  let n = 0;
  const once = () =>
    engineTurn(() => runWorkflow(compiled, { input: 'how fast is this?', threadId: `e${n++}` }));
  for (let i = 0; i < 50; i++) await once();
  const seq: Turn[] = [];
  for (let i = 0; i < SEQUENTIAL; i++) seq.push(await once());
  const conc = await pool(CLIENTS, TURNS, once);
  return { seq, concurrentPerSecond: TURNS / conc.seconds };
}

const LOG_LEVEL = process.env.CHAT_BENCH_LOG_LEVEL ?? 'info';

/** The API under test (and its worker): base URL, processes, database, and HTTP setup helpers. */
interface Target {
  base: string;
  api: BenchProcess;
  worker?: BenchProcess;
  db: TestDatabase;
  redisPrefix?: string;
  /** What the chat test fixtures need of a TestApp (HTTP to the API process, SQL to its database). */
  fixture: TestApp;
  createUser(roles: Role[]): Promise<TestUser>;
}

async function startTarget(mode: 'inline' | 'bullmq'): Promise<Target> {
  const db = await createTestDatabase();
  const redisPrefix = mode === 'bullmq' ? uniqueRedisPrefix() : undefined;
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATABASE_URL: db.url,
    DATABASE_POOL_MAX: '20',
    MASTER_KEY: randomBytes(32).toString('hex'),
    WEB_DIST_DIR: `/nonexistent-${randomBytes(4).toString('hex')}`,
    DATA_DIR: mkdtempSync(join(tmpdir(), 'agenthub-bench-')),
    LOG_LEVEL,
    QUEUE_MODE: mode,
    ...(redisPrefix ? { REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: redisPrefix } : {}),
    // The mock model listens on loopback; publish = published; no demo data.
    ALLOW_PRIVATE_NETWORK: 'true',
    AUTO_APPROVE: 'true',
    SEED_DEMO: 'false',
    // No per-user run rate limit, no login limit for the 22 bench users from one address, and
    // enough run slots for 200 simultaneous streams (the default of 8 would measure the queue).
    CHAT_RUNS_PER_MINUTE: '0',
    LOGIN_RATE_LIMIT_PER_IP: '100000',
    RUN_CONCURRENCY: '256',
    WORKER_METRICS_PORT: '0',
  };
  let api: BenchProcess | undefined;
  let worker: BenchProcess | undefined;
  try {
    // The API migrates the database at boot; the worker starts on the migrated schema.
    api = await startBenchProcess('api', env, `${base}/api/health`);
    if (mode === 'bullmq') worker = await startBenchProcess('worker', env);
  } catch (err) {
    await api?.stop();
    await db.drop();
    throw err;
  }
  const http = () => request(base);
  const fixture = { http, db } as unknown as TestApp;
  return {
    base,
    api,
    worker,
    db,
    redisPrefix,
    fixture,
    createUser: (roles) => registerUserOverHttp(http, db, roles, 'bench'),
  };
}

async function benchMode(mode: 'inline' | 'bullmq', engine: { seq: Turn[] }) {
  const label = (s: string) => `[${mode}] ${s}`;
  const llm = await startMockOpenAI({ responder: () => ({ content: SHORT_ANSWER }) });
  let target: Target | undefined;
  try {
    target = await startTarget(mode);
    const { base, api, worker, db, fixture: t } = target;
    const [admin, owner] = await Promise.all([
      target.createUser(['admin']),
      target.createUser(['developer']),
    ]);
    const users: TestUser[] = [];
    for (let i = 0; i < CLIENTS; i++) users.push(await target.createUser(['user']));
    await useMockAsDefaultLlm(t, admin, llm);
    const agent = await publishAgent(t, owner, TWO_NODE);
    const chats = await Promise.all(users.map((u) => createChat(t, u, agent.id)));

    // Warm-up (JIT, compile cache, connection pools); new chats afterwards keep history short.
    await pool(CLIENTS, 100, (_i, w) => turn(base, users[w]!, chats[w]!.id, 'warm up'));

    // 2 + 3: sequential turns, HTTP vs engine alone (same mock, same workflow).
    const seqChat = await createChat(t, users[0]!, agent.id);
    const seq: Turn[] = [];
    for (let i = 0; i < SEQUENTIAL; i++) {
      // A fresh chat every 25 turns so the history sent to the model stays comparable to the engine's.
      const chatId = i % 25 === 0 ? (await createChat(t, users[0]!, agent.id)).id : seqChat.id;
      seq.push(await turn(base, users[0]!, chatId, 'how fast is this?'));
    }
    const httpP50 = percentile(
      seq.map((s) => s.totalMs),
      50,
    );
    const httpP95 = percentile(
      seq.map((s) => s.totalMs),
      95,
    );
    const engP50 = percentile(
      engine.seq.map((s) => s.totalMs),
      50,
    );
    const engP95 = percentile(
      engine.seq.map((s) => s.totalMs),
      95,
    );
    record(label('turn latency sequential, HTTP p50 / p95'), httpP50, 'ms', `p95 ${round(httpP95)} ms`);
    record(
      label('platform overhead per turn p50'),
      httpP50 - engP50,
      'ms',
      `ratio ${round(httpP50 / engP50)}x`,
    );
    record(
      label('platform overhead per turn p95'),
      httpP95 - engP95,
      'ms',
      `ratio ${round(httpP95 / engP95)}x`,
    );
    const ttftHttp = seq.map((s) => s.ttftMs);
    const ttftEng = engine.seq.map((s) => s.ttftMs);
    record(
      label('TTFT added by platform p50'),
      percentile(ttftHttp, 50) - percentile(ttftEng, 50),
      'ms',
      `HTTP ${round(percentile(ttftHttp, 50))} vs engine ${round(percentile(ttftEng, 50))} ms`,
    );
    record(
      label('TTFT added by platform p95'),
      percentile(ttftHttp, 95) - percentile(ttftEng, 95),
      'ms',
      `HTTP ${round(percentile(ttftHttp, 95))} vs engine ${round(percentile(ttftEng, 95))} ms`,
    );

    // 1: throughput, 20 clients, each with its own chat (a fresh one every 20 turns).
    const fresh = await Promise.all(users.map((u) => createChat(t, u, agent.id)));
    const counts = new Array<number>(CLIENTS).fill(0);
    const before = await dbCounters(db);
    toggleProfile(api);
    toggleProfile(worker);
    const cpuBefore = {
      api: cpuMs(api.pid),
      worker: worker ? cpuMs(worker.pid) : 0,
      self: process.cpuUsage(),
    };
    const run = await pool(CLIENTS, TURNS, async (_i, w) => {
      if (++counts[w]! % 20 === 0) fresh[w] = await createChat(t, users[w]!, agent.id);
      return turn(base, users[w]!, fresh[w]!.id, 'how fast is this?');
    });
    const apiMs = cpuMs(api.pid) - cpuBefore.api;
    const workerMs = worker ? cpuMs(worker.pid) - cpuBefore.worker : 0;
    const self = process.cpuUsage(cpuBefore.self);
    toggleProfile(api);
    toggleProfile(worker);
    const bad = run.results.filter((r) => r.status !== 'completed' || r.text !== SHORT_ANSWER).length;
    if (bad) throw new Error(`${bad} turns did not complete with the full answer`);
    record(
      label(`chat turns/s, ${CLIENTS} concurrent clients`),
      TURNS / run.seconds,
      'turns/s',
      `goal >= 100; p50 ${round(
        percentile(
          run.results.map((r) => r.totalMs),
          50,
        ),
      )} ms, p95 ${round(
        percentile(
          run.results.map((r) => r.totalMs),
          95,
        ),
      )} ms`,
    );
    // CPU time per turn of the API process bounds its throughput (one process = one core at most
    // for JavaScript); it also varies less with other load on the machine than turns/s.
    record(
      label('CPU per turn, API process'),
      apiMs / TURNS,
      'ms',
      `${round(apiMs / 1000 / run.seconds)} cores busy; ceiling ${round((1000 * TURNS) / apiMs)} turns/s at 1 core`,
    );
    if (worker)
      record(
        label('CPU per turn, worker process'),
        workerMs / TURNS,
        'ms',
        `${round(workerMs / 1000 / run.seconds)} cores busy; API + worker ${round((apiMs + workerMs) / TURNS)} ms`,
      );
    record(
      label('CPU per turn, bench process (client + mock)'),
      (self.user + self.system) / 1000 / TURNS,
      'ms',
      `${round((self.user + self.system) / 1e6 / run.seconds)} cores busy`,
    );
    // Statistics reach pg_stat_database when a backend goes idle (at most ~1 s later).
    await new Promise((r) => setTimeout(r, 1500));
    const after = await dbCounters(db);
    record(
      label('database transactions per turn'),
      (after.xact - before.xact) / TURNS,
      'tx',
      `${round((after.ins - before.ins) / TURNS)} rows inserted, ${round((after.upd - before.upd) / TURNS)} updated per turn`,
    );
    const [persisted] = await db.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM chat_messages WHERE role = 'assistant' AND status = 'completed'`,
    );
    record(label('assistant messages persisted (completed)'), Number(persisted!.n), 'rows');

    // 4: 200 concurrent streams at 20 tokens/s.
    llm.setResponder(() => ({ content: LONG_ANSWER, tokenDelayMs: 50 }));
    const streamChats = await pool(10, STREAMS, (i) => createChat(t, users[i % CLIENTS]!, agent.id));
    const rssBefore = memoryMiB(api.pid).rss;
    let peakRss = rssBefore;
    let peakWorkerRss = worker ? memoryMiB(worker.pid).rss : 0;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, memoryMiB(api.pid).rss);
      if (worker) peakWorkerRss = Math.max(peakWorkerRss, memoryMiB(worker.pid).rss);
    }, 100);
    const t0 = performance.now();
    const settled = await Promise.allSettled(
      streamChats.results.map((c, i) => turn(base, users[i % CLIENTS]!, c.id, 'tell me a long story')),
    );
    const wall = (performance.now() - t0) / 1000;
    clearInterval(sampler);
    const ok = settled.filter(
      (s): s is PromiseFulfilledResult<Turn> =>
        s.status === 'fulfilled' && s.value.status === 'completed' && s.value.text === LONG_ANSWER,
    );
    const failures = settled
      .filter((s): s is PromiseRejectedResult => s.status === 'rejected')
      .map((s) => String(s.reason).slice(0, 200));
    record(
      label(`${STREAMS} concurrent streams completed intact`),
      ok.length,
      `/ ${STREAMS}`,
      `ids 1..n, full text; wall ${round(wall)} s${failures.length ? `; first error: ${failures[0]}` : ''}`,
    );
    record(
      label(`${STREAMS} streams TTFT p95`),
      percentile(
        ok.map((s) => s.value.ttftMs),
        95,
      ),
      'ms',
      `p50 ${round(
        percentile(
          ok.map((s) => s.value.ttftMs),
          50,
        ),
      )} ms`,
    );
    record(
      label(`${STREAMS} streams peak RSS, API process`),
      peakRss,
      'MiB',
      `${round(rssBefore)} MiB before the streams; VmHWM ${round(memoryMiB(api.pid).peak)} MiB${
        worker ? `; worker process peak ${round(peakWorkerRss)} MiB` : ''
      }`,
    );
  } catch (err) {
    if (target) {
      process.stderr.write(`API output (tail):\n${target.api.output().slice(-4000)}\n`);
      if (target.worker)
        process.stderr.write(`worker output (tail):\n${target.worker.output().slice(-4000)}\n`);
    }
    throw err;
  } finally {
    if (target) {
      await target.worker?.stop();
      await target.api.stop();
      await target.db.drop();
      if (target.redisPrefix) await deleteRedisKeys(target.redisPrefix);
    }
    await llm.close();
  }
}

describe('API platform benchmark', () => {
  it('measures chat throughput, overhead, TTFT and 200 concurrent streams', async () => {
    const started = performance.now();
    const llm = await startMockOpenAI({ responder: () => ({ content: SHORT_ANSWER }) });
    let engine: Awaited<ReturnType<typeof benchEngine>>;
    try {
      engine = await benchEngine(llm);
    } finally {
      await llm.close();
    }
    record(
      'engine alone: sequential turn p50 / p95',
      percentile(
        engine.seq.map((s) => s.totalMs),
        50,
      ),
      'ms',
      `p95 ${round(
        percentile(
          engine.seq.map((s) => s.totalMs),
          95,
        ),
      )} ms, TTFT p50 ${round(
        percentile(
          engine.seq.map((s) => s.ttftMs),
          50,
        ),
      )} ms`,
    );
    record(
      `engine alone: runs/s, ${CLIENTS} concurrent (no DB, no HTTP)`,
      engine.concurrentPerSecond,
      'runs/s',
    );
    for (const mode of MODES) await benchMode(mode, engine);
    const seconds = (performance.now() - started) / 1000;

    const lines = [
      `AgentHub API benchmark — ${cpus().length} cores, Node ${process.version}, ${round(seconds)} s`,
      ...rows.map(
        (r) =>
          `  ${r.name.padEnd(58)} ${String(r.value).padStart(10)} ${r.unit}${r.note ? `  (${r.note})` : ''}`,
      ),
    ];
    console.log(lines.join('\n'));
    const dir = join(__dirname, '../../../bench-results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'api.json'),
      `${JSON.stringify({ date: new Date().toISOString(), cores: cpus().length, node: process.version, seconds: round(seconds), rows }, null, 2)}\n`,
    );
  });
});
