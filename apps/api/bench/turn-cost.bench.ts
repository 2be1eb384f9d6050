/**
 * What one chat turn costs the database and Redis, statement by statement, in both queue modes.
 *
 * Run (local Postgres and Redis of the tests; about 30 s):
 *   pnpm --filter @agenthub/api exec jest --runInBand --roots '<rootDir>/bench' \
 *     --testRegex 'turn-cost\.bench\.ts$' --testTimeout 600000
 * Every query sent through node-postgres (TypeORM, the LangGraph checkpointer, raw SQL) and every
 * Redis command (ioredis: event bus, BullMQ) is counted while `TURNS` sequential turns of the
 * benchmark's 2-node workflow (template → llm) stream over SSE, then printed per turn, grouped by
 * statement. `BEGIN`…`COMMIT` pairs are transactions; a statement outside one is its own.
 * Env: TURN_COST_TURNS (default 20), TURN_COST_MODES (default `inline,bullmq`).
 */
import { Writable } from 'node:stream';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { readSse, startMockOpenAI } from '@agenthub/testkit';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { WorkerModule } from '../src/worker.module';
import type { TestUser } from '../test/helpers/test-app';
import { deleteRedisKeys } from '../test/helpers/test-redis';
import {
  auth,
  baseUrl,
  createChat,
  createChatTestApp,
  publishAgent,
  useMockAsDefaultLlm,
} from '../test/chat/chat-test.fixtures';

process.env.CHAT_RUNS_PER_MINUTE = '0';

const TURNS = Number(process.env.TURN_COST_TURNS ?? 20);
const MODES = (process.env.TURN_COST_MODES ?? 'inline,bullmq').split(',') as Array<'inline' | 'bullmq'>;
const ANSWER = 'The quick brown fox jumps over the lazy dog.';
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

let counting = false;
let transactions = 0;
const inTransaction = new WeakSet<object>();
const sql = new Map<string, number>();
const redis = new Map<string, number>();
const bump = (m: Map<string, number>, key: string) => m.set(key, (m.get(key) ?? 0) + 1);

/** One line per statement kind: parameters are already out of the text; literals and lists folded. */
function normalise(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/'[^']*'/g, "'?'")
    .replace(/\$\d+(, ?\$\d+)*/g, '$n')
    .trim()
    .slice(0, 140);
}

const pgQuery = Client.prototype.query as (...args: unknown[]) => unknown;
Client.prototype.query = function (this: Client, ...args: unknown[]) {
  if (counting) {
    const first = args[0] as string | { text?: string };
    const text = typeof first === 'string' ? first : (first?.text ?? '?');
    const statement = normalise(text);
    bump(sql, statement);
    // A statement outside BEGIN…COMMIT is a transaction of its own (autocommit).
    if (/^(BEGIN|START TRANSACTION)/i.test(statement)) {
      inTransaction.add(this);
      transactions += 1;
    } else if (/^(COMMIT|ROLLBACK)/i.test(statement)) inTransaction.delete(this);
    else if (!inTransaction.has(this)) transactions += 1;
  }
  return pgQuery.apply(this, args);
} as typeof Client.prototype.query;

const redisSend = Redis.prototype.sendCommand as (...args: unknown[]) => unknown;
Redis.prototype.sendCommand = function (this: Redis, ...args: unknown[]) {
  const command = args[0] as { name?: string } | undefined;
  if (counting && command?.name) bump(redis, command.name.toUpperCase());
  return redisSend.apply(this, args);
} as typeof Redis.prototype.sendCommand;

const quiet = new Writable({ write: (_c, _e, done) => done() });

async function turn(base: string, user: TestUser, chatId: string): Promise<void> {
  const res = await fetch(`${base}/api/chats/${chatId}/messages`, {
    method: 'POST',
    headers: { ...auth(user), accept: 'text/event-stream', 'content-type': 'application/json' },
    body: JSON.stringify({ content: 'how much does this cost?' }),
  });
  if (res.status !== 200) throw new Error(`turn: HTTP ${res.status} ${await res.text()}`);
  let done = '';
  for await (const ev of readSse(res)) if (ev.event === 'done') done = ev.data;
  if (!done.includes('"completed"')) throw new Error(`turn did not complete: ${done}`);
}

function table(title: string, counts: Map<string, number>, turns: number): string {
  const rows = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  const total = rows.reduce((n, [, c]) => n + c, 0);
  return [
    `${title}: ${Math.round((total / turns) * 100) / 100} per turn`,
    ...rows.map(([k, c]) => `  ${String(Math.round((c / turns) * 100) / 100).padStart(6)}  ${k}`),
  ].join('\n');
}

async function measure(mode: 'inline' | 'bullmq'): Promise<string> {
  const llm = await startMockOpenAI({ responder: () => ({ content: ANSWER }) });
  const t = await createChatTestApp({
    ...(mode === 'bullmq' ? { redis: true } : {}),
    env: { QUEUE_MODE: mode, LOG_LEVEL: 'warn' },
  });
  let worker: INestApplicationContext | undefined;
  try {
    if (mode === 'bullmq') {
      worker = await NestFactory.createApplicationContext(
        WorkerModule.forRoot({ config: t.config, logDestination: quiet }),
        { logger: false },
      );
      await worker.init();
    }
    const base = await baseUrl(t);
    const [admin, owner, user] = await Promise.all([
      t.createUser(['admin']),
      t.createUser(['developer']),
      t.createUser(['user']),
    ]);
    await useMockAsDefaultLlm(t, admin, llm);
    const agent = await publishAgent(t, owner, TWO_NODE);
    const warm = await createChat(t, user, agent.id);
    for (let i = 0; i < 5; i++) await turn(base, user, warm.id);
    const chat = await createChat(t, user, agent.id);
    // Let background work of the warm-up (BullMQ bookkeeping, partial saves) settle first.
    await new Promise((r) => setTimeout(r, 500));
    sql.clear();
    redis.clear();
    transactions = 0;
    counting = true;
    for (let i = 0; i < TURNS; i++) await turn(base, user, chat.id);
    // Writes that land after `done` (end-of-run bookkeeping) belong to the turn too.
    await new Promise((r) => setTimeout(r, 300));
    counting = false;
    const begins = sql.get('BEGIN') ?? 0;
    return [
      `[${mode}] ${TURNS} sequential turns (2-node workflow, SSE), per turn:`,
      `  transactions ${Math.round((transactions / TURNS) * 100) / 100} ` +
        `(${Math.round((begins / TURNS) * 100) / 100} explicit BEGIN…COMMIT, the rest autocommit)`,
      table('  SQL statements', sql, TURNS),
      mode === 'bullmq' ? table('  Redis commands (API + worker)', redis, TURNS) : '',
    ].join('\n');
  } finally {
    counting = false;
    await worker?.close();
    await t.close();
    await llm.close();
    if (t.redisPrefix) await deleteRedisKeys(t.redisPrefix);
  }
}

describe('chat turn cost', () => {
  it('counts SQL statements and Redis commands per turn', async () => {
    const out: string[] = [];
    for (const mode of MODES) out.push(await measure(mode));
    console.log(out.join('\n\n'));
  });
});
