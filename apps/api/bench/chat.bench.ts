/**
 * Platform benchmark of chat turns, through the real HTTP app, in both queue modes.
 *
 * Run (needs the local Postgres and Redis of the tests; about 2 minutes):
 *   pnpm --filter @agenthub/api bench
 * Measures, against the loopback OpenAI mock and a 2-node streamed workflow (template → llm):
 *   1. chat turns/s with 20 concurrent clients (each turn streamed over SSE and persisted), and the
 *      CPU time of this process per turn (API, bench client and mock share one Node thread, so
 *      turns/s ≤ 1000 / CPU ms per turn; it also varies less with other load than turns/s);
 *   2. platform overhead per turn over the engine alone (compileWorkflow/runWorkflow), p50/p95;
 *   3. time to first token added by the platform, p50/p95;
 *   4. 200 concurrent streaming chats at 20 tokens/s (~40 tokens each): completion, event ids,
 *      p95 TTFT, process RSS.
 * Prints a table and writes bench-results/api.json at the repository root.
 * Env: CHAT_BENCH_TURNS (turns measured at 20 concurrent, default 600), CHAT_BENCH_MODES (queue
 * modes to measure, default `inline,bullmq`; e.g. `inline` under `node --cpu-prof`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { compileWorkflow, createModel, runWorkflow } from '@agenthub/engine';
import { type MockOpenAIServer, readSse, startMockOpenAI } from '@agenthub/testkit';
import { WorkerModule } from '../src/worker.module';
import type { TestApp, TestUser } from '../test/helpers/test-app';
import { deleteRedisKeys } from '../test/helpers/test-redis';
import {
  auth,
  baseUrl,
  createChat,
  createChatTestApp,
  publishAgent,
  useMockAsDefaultLlm,
} from '../test/chat/chat-test.fixtures';

// Read by the chat and queue modules at boot: no per-user rate limit, and enough run slots for
// 200 simultaneous streams (the default of 8 would queue them and measure the queue instead).
process.env.CHAT_RUNS_PER_MINUTE = '0';
process.env.RUN_CONCURRENCY = '256';

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
const quiet = new Writable({ write: (_c, _e, done) => done() });

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
async function dbCounters(t: TestApp) {
  const [row] = await t.db.query<{ xact: string; ins: string; upd: string }>(
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

async function benchMode(mode: 'inline' | 'bullmq', engine: { seq: Turn[] }) {
  const label = (s: string) => `[${mode}] ${s}`;
  const llm = await startMockOpenAI({ responder: () => ({ content: SHORT_ANSWER }) });
  const t = await createChatTestApp({
    ...(mode === 'bullmq' ? { redis: true } : {}),
    env: { QUEUE_MODE: mode, DATABASE_POOL_MAX: '20', LOG_LEVEL: 'warn' },
  });
  let worker: INestApplicationContext | undefined;
  try {
    if (mode === 'bullmq') {
      // Worker in-process on the same database and Redis prefix: both share this process's CPU.
      worker = await NestFactory.createApplicationContext(
        WorkerModule.forRoot({ config: t.config, logDestination: quiet }),
        { logger: false },
      );
      await worker.init();
    }
    const base = await baseUrl(t);
    const [admin, owner] = await Promise.all([t.createUser(['admin']), t.createUser(['developer'])]);
    const users: TestUser[] = [];
    for (let i = 0; i < CLIENTS; i++) users.push(await t.createUser(['user']));
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
    const before = await dbCounters(t);
    const cpuBefore = process.cpuUsage();
    const run = await pool(CLIENTS, TURNS, async (_i, w) => {
      if (++counts[w]! % 20 === 0) fresh[w] = await createChat(t, users[w]!, agent.id);
      return turn(base, users[w]!, fresh[w]!.id, 'how fast is this?');
    });
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
    const cpu = process.cpuUsage(cpuBefore);
    // CPU time of this process per turn is what bounds throughput on a busy or small machine
    // (less sensitive to other load than turns/s): API + bench client (+ worker in bullmq mode).
    record(
      label('CPU per turn, this process'),
      (cpu.user + cpu.system) / 1000 / TURNS,
      'ms',
      `${round((cpu.user + cpu.system) / 1e6 / run.seconds)} cores busy on average; engine + client + mock included`,
    );
    // Statistics reach pg_stat_database when a backend goes idle (at most ~1 s later).
    await new Promise((r) => setTimeout(r, 1500));
    const after = await dbCounters(t);
    record(
      label('database transactions per turn'),
      (after.xact - before.xact) / TURNS,
      'tx',
      `${round((after.ins - before.ins) / TURNS)} rows inserted, ${round((after.upd - before.upd) / TURNS)} updated per turn`,
    );
    const [persisted] = await t.db.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM chat_messages WHERE role = 'assistant' AND status = 'completed'`,
    );
    record(label('assistant messages persisted (completed)'), Number(persisted!.n), 'rows');

    // 4: 200 concurrent streams at 20 tokens/s.
    llm.setResponder(() => ({ content: LONG_ANSWER, tokenDelayMs: 50 }));
    const streamChats = await pool(10, STREAMS, (i) => createChat(t, users[i % CLIENTS]!, agent.id));
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
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
      label(`${STREAMS} streams peak RSS`),
      peakRss / 1024 / 1024,
      'MiB',
      mode === 'bullmq' ? 'API + in-process worker + bench client' : 'API + bench client (one process)',
    );
  } finally {
    await worker?.close();
    await t.close();
    await llm.close();
    if (t.redisPrefix) await deleteRedisKeys(t.redisPrefix);
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
