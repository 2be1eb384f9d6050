/**
 * The fault suite (`pnpm --filter @agenthub/api test:faults`, and `.ci/run`): the distributed
 * mode as an operator runs it — two API replicas and two workers (built dist/main.js and
 * dist/worker.js) on a redis-server of its own (AOF on) and a database on the CI PostgreSQL —
 * with faults injected while chat runs stream:
 *
 * - an API replica SIGKILLed mid-stream (the client reconnects to the other replica);
 * - a worker SIGTERMed mid-run (≥ 5 runs handed back and continued by the other worker);
 * - a worker SIGKILLed mid-run (≥ 20 runs end `worker_lost` + `done`);
 * - Redis SIGKILLed and restarted mid-stream (runs complete, health 503 naming redis meanwhile);
 * - PostgreSQL restarted mid-run (a cluster the suite owns: one API and one worker on it): runs
 *   pause and complete.
 *
 * Every turn is followed like a browser follows it (reconnect with Last-Event-ID) and then
 * checked (fault-stack.ts `checkTurn`): `done` received, ids 1, 2, 3, … with none lost or
 * repeated, run settled, question kept, reply settled, a completed reply the full answer. It prints
 * a table of trials, outcomes and recovery times, writes it to bench-results/faults.md (or
 * FAULTS_REPORT), and fails on any problem.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { freePort, type MockOpenAIServer, type SseMessage, startMockOpenAI } from '@agenthub/testkit';
import type { TestUser } from '../helpers/test-app';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import {
  createChat,
  publishAgent,
  TWO_STEP_DEFINITION,
  useMockAsDefaultLlm,
} from '../chat/chat-test.fixtures';
import {
  checkTurn,
  FAULT_QUEUE_ENV,
  FaultStack,
  followTurn,
  OwnedPostgres,
  RedisProcess,
  sleep,
  timeHealthWhileDown,
  type TurnResult,
} from './fault-stack';

/** Each model call streams this (24 tokens, 60 ms apart: ~1.5 s per node, ~3 s per run). */
const PART = Array.from({ length: 24 }, (_, i) => `w${i}`).join(' ') + ' ';
const ANSWER = PART + PART;
const TOKEN_DELAY_MS = 60;
const TURN_DEADLINE_MS = 60_000;
const SIGKILL_TRIALS = Number(process.env.FAULTS_SIGKILL_TRIALS ?? 20);
const SIGTERM_TRIALS = Number(process.env.FAULTS_SIGTERM_TRIALS ?? 5);

interface Row {
  fault: string;
  trial: number;
  outcome: string;
  /** Fault injected → the client's stream going on (reconnect, hand-back) or its `done`. */
  recoveryMs: number | null;
  problems: string[];
}
const rows: Row[] = [];
const notes: string[] = [];

interface Setup {
  stack: FaultStack;
  user: TestUser;
  agentId: string;
}

async function setUp(stack: FaultStack, llm: MockOpenAIServer): Promise<Setup> {
  const [admin, owner, user] = await Promise.all([
    stack.createUser(['admin']),
    stack.createUser(['developer']),
    stack.createUser(['user']),
  ]);
  await useMockAsDefaultLlm(stack.fixture(), admin, llm);
  const agent = await publishAgent(stack.fixture(), owner, TWO_STEP_DEFINITION);
  return { stack, user, agentId: agent.id };
}

const messageEvents = (events: SseMessage[]) => events.filter((e) => e.event === 'message').length;

/**
 * Starts `n` turns at once (a chat each) streamed through API replica `preferred`; once every
 * one has streamed a few tokens, `inject` runs (once). Resolves with each turn and its check.
 */
async function roundOfTurns(
  s: Setup,
  n: number,
  inject: () => Promise<void>,
  preferred = 0,
): Promise<Array<{ turn: TurnResult; problems: string[] }>> {
  const chats = await Promise.all(
    Array.from({ length: n }, () => createChat(s.stack.fixture(), s.user, s.agentId)),
  );
  const started = new Set<number>();
  let release!: () => void;
  const allStarted = new Promise<void>((resolve) => (release = resolve));
  const turns = chats.map((chat, i) =>
    followTurn({
      bases: () => s.stack.bases(preferred),
      user: s.user,
      chatId: chat.id,
      content: `question ${i} ${Math.random().toString(36).slice(2, 8)}`,
      deadlineMs: TURN_DEADLINE_MS,
      onEvent: (_e, all) => {
        if (messageEvents(all) >= 3 && !started.has(i)) {
          started.add(i);
          if (started.size === n) release();
        }
      },
    }),
  );
  // A turn that never streams (it failed first) must not hold the fault back forever.
  await Promise.race([allStarted, sleep(20_000)]);
  const injected = inject();
  const results = await Promise.all(turns);
  await injected;
  return Promise.all(
    results.map(async (turn, i) => ({
      turn,
      problems: await checkTurn(s.stack, s.user, chats[i]!.id, turn, ANSWER),
    })),
  );
}

/** When the first event after `at` arrived (a stream going on after a fault). */
function firstEventAfter(turn: TurnResult, at: number): number | null {
  for (const t of turn.times) if (t > at) return t - at;
  return turn.doneAt !== undefined ? turn.doneAt - at : null;
}

function outcomeOf(turn: TurnResult): string {
  const runs = turn.events.filter((e) => e.event === 'run').length;
  return [
    turn.status ?? 'no done',
    ...turn.errors,
    ...(runs > 1 ? ['handed back'] : []),
    ...(turn.reconnects ? [`${turn.reconnects} reconnect(s)`] : []),
  ].join(', ');
}

function report(): string {
  const lines = [
    '| fault | trial | outcome | recovery ms | problems |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${r.fault} | ${r.trial} | ${r.outcome} | ${r.recoveryMs ?? '–'} | ${r.problems.join('; ') || 'none'} |`,
    ),
  ];
  const summary = [
    '| fault | trials | outcomes | recovery p50 / max ms | problems |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const fault of [...new Set(rows.map((r) => r.fault))]) {
    const of = rows.filter((r) => r.fault === fault);
    const outcomes = new Map<string, number>();
    for (const r of of) {
      const key = r.outcome.replace(/, \d+ reconnect\(s\)/, ', reconnected');
      outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
    }
    const rec = of
      .map((r) => r.recoveryMs)
      .filter((v): v is number => v !== null)
      .sort((a, b) => a - b);
    const p50 = rec.length ? rec[Math.floor((rec.length - 1) / 2)] : '–';
    summary.push(
      `| ${fault} | ${of.length} | ${[...outcomes].map(([k, v]) => `${v}× ${k}`).join('; ')} | ${p50} / ${
        rec.at(-1) ?? '–'
      } | ${of.reduce((n, r) => n + r.problems.length, 0)} |`,
    );
  }
  return [
    `Fault suite, ${new Date().toISOString()}; lock ${FAULT_QUEUE_ENV.QUEUE_LOCK_DURATION_MS} ms, stalled interval ${FAULT_QUEUE_ENV.QUEUE_STALLED_INTERVAL_MS} ms, shutdown grace ${FAULT_QUEUE_ENV.QUEUE_SHUTDOWN_GRACE_MS} ms, sweep ${FAULT_QUEUE_ENV.RUN_SWEEP_INTERVAL_MS} ms; runs of 2 model nodes × 24 tokens × ${TOKEN_DELAY_MS} ms.`,
    'Recovery: API replica SIGKILL → first event from the other replica; worker SIGTERM → the continuation’s `run` event on the other worker; worker SIGKILL → `done` (worker_lost); Redis → first event after the restart; PostgreSQL → `done` after the restart.',
    '',
    ...summary,
    '',
    ...notes.map((n) => `- ${n}`),
    '',
    ...lines,
    '',
  ].join('\n');
}

describe('distributed mode under faults (real processes, own Redis and PostgreSQL)', () => {
  let redis: RedisProcess;
  let db: TestDatabase;
  let llm: MockOpenAIServer;
  let s: Setup;

  beforeAll(async () => {
    redis = new RedisProcess(await freePort());
    await redis.start();
    db = await createTestDatabase();
    llm = await startMockOpenAI({ responder: () => ({ content: PART, tokenDelayMs: TOKEN_DELAY_MS }) });
    const stack = await FaultStack.start({
      databaseUrl: db.url,
      db,
      redisUrl: redis.url,
      apis: 2,
      workers: 2,
    });
    s = await setUp(stack, llm);
  }, 180_000);

  afterAll(async () => {
    const text = report();
    process.stdout.write(`\n${text}\n`);
    const file =
      process.env.FAULTS_REPORT ?? join(__dirname, '..', '..', '..', '..', 'bench-results', 'faults.md');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    await s?.stack.stop();
    await llm?.close();
    await db?.drop();
    await redis?.stop();
  }, 120_000);

  const record = (
    fault: string,
    results: Array<{ turn: TurnResult; problems: string[] }>,
    at: number,
    recovery: (turn: TurnResult) => number | null = (turn) => firstEventAfter(turn, at),
  ) => {
    for (const { turn, problems } of results)
      rows.push({
        fault,
        trial: rows.filter((r) => r.fault === fault).length + 1,
        outcome: outcomeOf(turn),
        recoveryMs: recovery(turn),
        problems,
      });
  };

  it('API replica SIGKILLed mid-stream: the client reconnects to the other replica and misses nothing', async () => {
    let at = 0;
    const results = await roundOfTurns(s, 3, async () => {
      at = Date.now();
      await FaultStack.kill(s.stack.apis[0], 'SIGKILL');
      await s.stack.startApi(0);
    });
    record('API replica SIGKILL', results, at);
    for (const { turn, problems } of results) {
      expect(problems).toEqual([]);
      expect(turn.status).toBe('completed');
      expect(turn.reconnects).toBeGreaterThanOrEqual(1);
    }
  }, 120_000);

  it(`worker SIGTERM mid-run: handed back and continued on the other worker (≥ ${SIGTERM_TRIALS} runs)`, async () => {
    let handedBack = 0;
    // Runs of ~7 s: they outlast the 2 s grace wherever the SIGTERM lands.
    llm.setResponder(() => ({ content: PART, tokenDelayMs: 150 }));
    for (let round = 0; round < 8 && handedBack < SIGTERM_TRIALS; round++) {
      const w = round % 2;
      let at = 0;
      let exitMs = 0;
      const results = await roundOfTurns(s, 6, async () => {
        at = Date.now();
        exitMs = await FaultStack.kill(s.stack.workers[w], 'SIGTERM');
        await s.stack.startWorker(w);
      });
      notes.push(`SIGTERM round ${round + 1}: worker exited ${exitMs} ms after SIGTERM`);
      const moved = results.filter((r) => r.turn.events.filter((e) => e.event === 'run').length > 1);
      handedBack += moved.length;
      // Recovery: SIGTERM → the continuation's `run` event on the other worker.
      record('worker SIGTERM (handed back)', moved, at, (turn) => {
        const i = turn.events.findIndex((e, k) => e.event === 'run' && k > 0);
        return i > 0 ? turn.times[i]! - at : null;
      });
      for (const { turn, problems } of results) {
        expect(problems).toEqual([]);
        // No worker_lost, no error: the run just goes on elsewhere.
        expect(turn.status).toBe('completed');
        expect(turn.errors).toEqual([]);
      }
      expect(exitMs).toBeLessThan(4000);
    }
    llm.setResponder(() => ({ content: PART, tokenDelayMs: TOKEN_DELAY_MS }));
    expect(handedBack).toBeGreaterThanOrEqual(SIGTERM_TRIALS);
  }, 400_000);

  it(`worker SIGKILL mid-run: worker_lost + done within lock + 2 stall intervals (≥ ${SIGKILL_TRIALS} runs)`, async () => {
    let lost = 0;
    for (let round = 0; round < 14 && lost < SIGKILL_TRIALS; round++) {
      const w = round % 2;
      let at = 0;
      const results = await roundOfTurns(s, 10, async () => {
        at = Date.now();
        await FaultStack.kill(s.stack.workers[w], 'SIGKILL');
        await s.stack.startWorker(w);
      });
      const hit = results.filter((r) => r.turn.errors.includes('worker_lost'));
      lost += hit.length;
      record('worker SIGKILL (worker_lost)', hit, at, (turn) => (turn.doneAt ? turn.doneAt - at : null));
      for (const { turn, problems } of results) {
        expect(problems).toEqual([]);
        expect(turn.status === 'completed' || turn.errors.includes('worker_lost')).toBe(true);
      }
    }
    expect(lost).toBeGreaterThanOrEqual(SIGKILL_TRIALS);
  }, 600_000);

  it('Redis SIGKILLed and restarted mid-stream: streams pause and go on, runs complete, health 503 meanwhile', async () => {
    for (let round = 0; round < 2; round++) {
      let at = 0;
      const results = await roundOfTurns(s, 4, async () => {
        await redis.kill();
        const health = await timeHealthWhileDown(s.stack.base(1));
        notes.push(
          `Redis down: /api/health ${health.status} in ${health.ms} ms naming ${health.down.join(', ')}`,
        );
        expect(health.status).toBe(503);
        expect(health.ms).toBeLessThan(1000);
        expect(health.down).toContain('redis');
        await sleep(1500);
        await redis.start();
        at = Date.now();
      });
      record('Redis kill + restart', results, at);
      for (const { turn, problems } of results) {
        expect(problems).toEqual([]);
        expect(turn.status).toBe('completed');
        expect(turn.errors).toEqual([]);
      }
    }
  }, 180_000);

  it('PostgreSQL restarted mid-run: runs pause and complete, every question kept, health 503 meanwhile', async () => {
    const own = new OwnedPostgres();
    let stack2: FaultStack | undefined;
    try {
      await own.start();
      stack2 = await FaultStack.start({
        databaseUrl: own.url,
        db: own,
        redisUrl: redis.url,
        apis: 1,
        workers: 1,
      });
      const s2 = await setUp(stack2, llm);
      let at = 0;
      const results = await roundOfTurns(s2, 4, async () => {
        await own.stop();
        const health = await timeHealthWhileDown(stack2!.base(0));
        notes.push(
          `PostgreSQL down: /api/health ${health.status} in ${health.ms} ms naming ${health.down.join(', ')}`,
        );
        expect(health.status).toBe(503);
        expect(health.ms).toBeLessThan(1000);
        expect(health.down).toContain('database');
        await sleep(2000);
        await own.start();
        at = Date.now();
      });
      record('PostgreSQL restart', results, at, (turn) => (turn.doneAt ? turn.doneAt - at : null));
      const messages = new Set(results.flatMap((r) => r.turn.errorMessages));
      if (messages.size) notes.push(`PostgreSQL restart, errors seen: ${[...messages].join(' | ')}`);
      for (const { turn, problems } of results) {
        expect(problems).toEqual([]);
        // The outage pauses the run (checkpoint writes, model lookups and the settle transaction
        // are retried), it does not fail it.
        expect(turn.status).toBe('completed');
        expect(turn.errors).toEqual([]);
      }
    } finally {
      await stack2?.stop();
      await own.destroy();
    }
  }, 300_000);
});
