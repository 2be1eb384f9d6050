import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { BullmqRunQueue } from '../../src/queue/bullmq-run.queue';
import { InlineRunQueue } from '../../src/queue/inline-run.queue';
import { JOBS, MissingJobHandlerError, PERIODIC_JOBS, type PeriodicJobKey } from '../../src/queue/jobs';
import { describeWithRedis, deleteRedisKeys, TEST_REDIS_URL, uniqueRedisPrefix } from '../helpers/test-redis';
import { eventually } from './queue-test.fixtures';
import { TEST_QUEUE_SETTINGS } from './run-queue.contract';

/**
 * Issue #13: in bullmq mode the periodic jobs are BullMQ job schedulers, so each tick runs once per
 * cluster, not once per process. Two real worker processes (fixtures/periodic-worker.fixture.ts)
 * record every tick they run; each scheduler tick (`repeat:<schedulerId>:<ms>`) must be recorded
 * exactly once in all, and the ticks of a job must follow each other at exactly its interval
 * (none missing, none doubled).
 */
const prefix = uniqueRedisPrefix();
const INTERVALS: Record<PeriodicJobKey, number> = { runSweep: 400, checkpointRetention: 500, mcpHealth: 600 };
const settings = { ...TEST_QUEUE_SETTINGS, sweepIntervalMs: INTERVALS.runSweep };

type Worker = ChildProcess & { exited: Promise<number | null> };

async function startWorker(intervals: Record<PeriodicJobKey, number>): Promise<Worker> {
  const child = spawn(
    process.execPath,
    [
      '-r',
      join(__dirname, 'fixtures', 'ts-register.js'),
      join(__dirname, 'fixtures', 'periodic-worker.fixture.ts'),
    ],
    {
      env: {
        ...process.env,
        QUEUE_TEST_REDIS_URL: TEST_REDIS_URL,
        QUEUE_TEST_PREFIX: prefix,
        QUEUE_TEST_SETTINGS: JSON.stringify(settings),
        QUEUE_TEST_PERIODIC: JSON.stringify(intervals),
        NO_COLOR: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`periodic worker exited (${code}): ${stderr}`)));
  });
  return Object.assign(child, { exited });
}

interface Tick {
  job: PeriodicJobKey;
  id: string;
  pid: number;
}

describeWithRedis('periodic jobs once per cluster (bullmq, two worker processes)', () => {
  const redis = new Redis(TEST_REDIS_URL);
  const workers: Worker[] = [];
  const ticks = async (): Promise<Tick[]> =>
    (await redis.lrange(`${prefix}test:ticks`, 0, -1)).map((line) => {
      const [job, id, pid] = line.split('|');
      return { job: job as PeriodicJobKey, id, pid: Number(pid) };
    });
  /** The scheduler ticks of `job` (not the boot job), by their scheduled time. */
  const schedulerTicks = (all: Tick[], job: PeriodicJobKey) =>
    all
      .filter((t) => t.job === job && t.id.startsWith(`repeat:${JOBS[job].schedulerId}:`))
      .map((t) => ({ ...t, at: Number(t.id.split(':').pop()) }))
      .sort((a, b) => a.at - b.at);

  afterAll(async () => {
    for (const w of workers) if (w.exitCode === null) w.kill('SIGTERM');
    await Promise.all(workers.map((w) => w.exited));
    await deleteRedisKeys(prefix);
    await redis.quit();
  });

  it('runs each tick of every periodic job on exactly one of the processes, at exactly its interval', async () => {
    workers.push(...(await Promise.all([startWorker(INTERVALS), startWorker(INTERVALS)])));
    const pids = new Set(workers.map((w) => w.pid));
    // From here on both processes are consuming: look at the ticks scheduled after this point.
    const since = Date.now();
    const enough = (all: Tick[]) =>
      PERIODIC_JOBS.every((job) => schedulerTicks(all, job).filter((t) => t.at >= since).length >= 6);
    const all = await eventually(async () => {
      const current = await ticks();
      return enough(current) ? current : undefined;
    }, 30_000);

    for (const tick of all) expect(pids.has(tick.pid)).toBe(true);
    // Once per cluster: no tick id recorded twice (a timer per process would run each twice).
    const ids = all.map((t) => `${t.job}|${t.id}`);
    expect(new Set(ids).size).toBe(ids.length);
    for (const job of PERIODIC_JOBS) {
      const steady = schedulerTicks(all, job).filter((t) => t.at >= since);
      const gaps = steady.slice(1).map((t, i) => t.at - steady[i].at);
      // One job per interval across both processes: consecutive ticks exactly one interval apart.
      expect(new Set(gaps)).toEqual(new Set([INTERVALS[job]]));
    }
    // The atBoot jobs also ran at start (one deduplicated boot job, not one per tick).
    for (const job of PERIODIC_JOBS) {
      const boot = all.filter((t) => t.job === job && !t.id.startsWith('repeat:'));
      if (JOBS[job].atBoot) expect(boot.length).toBeGreaterThanOrEqual(1);
      else expect(boot).toEqual([]);
    }
  }, 60_000);

  it('a tick is taken by the other process when one stops; interval 0 removes the job cluster-wide', async () => {
    const [first, second] = workers;
    first.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    const stoppedAt = Date.now();
    await eventually(async () => {
      const after = (await ticks()).filter((t) => t.job === 'runSweep' && t.pid === second.pid);
      return schedulerTicks(after, 'runSweep').some((t) => t.at > stoppedAt) ? true : undefined;
    }, 20_000);

    // A process configured with MCP health off removes that scheduler for the whole cluster.
    const third = await startWorker({ ...INTERVALS, mcpHealth: 0 });
    workers.push(third);
    const schedulers = new Queue(JOBS.mcpHealth.queue, {
      connection: { url: TEST_REDIS_URL, maxRetriesPerRequest: null },
      prefix: `${prefix}bull`,
    });
    try {
      const ids = (await schedulers.getJobSchedulers()).map((s) => s.key);
      expect(ids.sort()).toEqual([JOBS.checkpointRetention.schedulerId, JOBS.runSweep.schedulerId].sort());
    } finally {
      await schedulers.close();
    }
  }, 60_000);

  it('refuses to start a process that handles some periodic jobs but not all (both adapters)', async () => {
    const bullmq = new BullmqRunQueue({ redisUrl: TEST_REDIS_URL, keyPrefix: prefix, role: 'api', settings });
    const inline = new InlineRunQueue(settings);
    inline.registerHandler(async () => undefined);
    for (const queue of [bullmq, inline]) {
      queue.onSweep(async () => undefined);
      queue.onPeriodic('mcpHealth', 0, async () => undefined);
      await expect(queue.start()).rejects.toThrow(MissingJobHandlerError);
      await expect(queue.start()).rejects.toThrow(/"checkpointRetention"/);
      await queue.close();
    }
  });
});
