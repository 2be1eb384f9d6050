import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { BullmqRunQueue } from '../../src/queue/bullmq-run.queue';
import type { QueueSettings } from '../../src/queue/queue-settings';
import { RedisRunEventBus } from '../../src/queue/redis-run-event.bus';
import { describeWithRedis, deleteRedisKeys, TEST_REDIS_URL, uniqueRedisPrefix } from '../helpers/test-redis';
import { collect, DELTAS, done, eventually, EVENTS_PER_RUN, fakeHandler } from './queue-test.fixtures';
import { recordLost, runQueueContract, TEST_QUEUE_SETTINGS, type QueueHarness } from './run-queue.contract';

const filePrefix = uniqueRedisPrefix();
let harnessCount = 0;
const nextPrefix = () => `${filePrefix}${++harnessCount}:`;

function settingsWith(overrides: Partial<QueueSettings> = {}): QueueSettings {
  return { ...TEST_QUEUE_SETTINGS, ...overrides };
}

function apiSide(keyPrefix: string, settings: QueueSettings) {
  const bus = new RedisRunEventBus({ redisUrl: TEST_REDIS_URL, keyPrefix, settings });
  const queue = new BullmqRunQueue({ redisUrl: TEST_REDIS_URL, keyPrefix, role: 'api', settings });
  const lost: QueueHarness['lost'] = [];
  queue.onRunLost(recordLost(lost, bus));
  return { bus, queue, lost };
}

/** A real worker process (see fixtures/run-worker.fixture.ts), resolved once it takes jobs. */
async function startWorkerProcess(
  keyPrefix: string,
  settings: QueueSettings,
  hang: boolean,
): Promise<ChildProcess & { exited: Promise<number | null> }> {
  const child = spawn(
    process.execPath,
    [
      '-r',
      join(__dirname, 'fixtures', 'ts-register.js'),
      join(__dirname, 'fixtures', 'run-worker.fixture.ts'),
    ],
    {
      env: {
        ...process.env,
        QUEUE_TEST_REDIS_URL: TEST_REDIS_URL,
        QUEUE_TEST_PREFIX: keyPrefix,
        QUEUE_TEST_SETTINGS: JSON.stringify(settings),
        QUEUE_TEST_HANG: hang ? '1' : '0',
        NO_COLOR: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker fixture not ready in 20 s: ${stderr}`)), 20_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`worker fixture exited (${code}): ${stderr}`)));
  });
  return Object.assign(child, { exited });
}

describeWithRedis('BullMQ run queue + Redis Streams event bus (distributed mode)', () => {
  afterAll(() => deleteRedisKeys(filePrefix));

  describe('adapter contract (worker in this process)', () => {
    runQueueContract(async ({ makeHandler, settings }) => {
      const keyPrefix = nextPrefix();
      const merged = settingsWith(settings);
      const api = apiSide(keyPrefix, merged);
      const workerBus = new RedisRunEventBus({ redisUrl: TEST_REDIS_URL, keyPrefix, settings: merged });
      const worker = new BullmqRunQueue({
        redisUrl: TEST_REDIS_URL,
        keyPrefix,
        role: 'worker',
        settings: merged,
      });
      worker.registerHandler(makeHandler(workerBus));
      worker.onRunLost(recordLost(api.lost, workerBus));
      await api.queue.start();
      await worker.start();
      return {
        api: api.queue,
        apiBus: api.bus,
        lost: api.lost,
        executorWithoutHandler: () =>
          new BullmqRunQueue({ redisUrl: TEST_REDIS_URL, keyPrefix, role: 'worker', settings: merged }),
        close: async () => {
          await worker.close();
          await api.queue.close();
          await Promise.all([workerBus.close(), api.bus.close()]);
        },
      };
    });
  });

  describe('across processes', () => {
    const cleanups: Array<() => Promise<unknown>> = [];
    afterEach(async () => {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    });

    it('two API replicas (separate Redis connections) relay the same events of one run', async () => {
      const keyPrefix = nextPrefix();
      const settings = settingsWith();
      const api = apiSide(keyPrefix, settings);
      const replica2 = new RedisRunEventBus({ redisUrl: TEST_REDIS_URL, keyPrefix, settings });
      const worker = new BullmqRunQueue({ redisUrl: TEST_REDIS_URL, keyPrefix, role: 'worker', settings });
      const workerBus = new RedisRunEventBus({ redisUrl: TEST_REDIS_URL, keyPrefix, settings });
      worker.registerHandler(fakeHandler(workerBus).handler);
      cleanups.push(
        () => api.bus.close(),
        () => replica2.close(),
        () => workerBus.close(),
        () => api.queue.close(),
      );
      cleanups.push(() => worker.close());
      await api.queue.start();
      await worker.start();

      const runId = randomUUID();
      const [seen1, seen2] = [collect(api.bus.subscribe(runId)), collect(replica2.subscribe(runId))];
      await api.queue.enqueue(runId);
      const [events1, events2] = await Promise.all([seen1, seen2]);
      expect(events1).toHaveLength(EVENTS_PER_RUN);
      expect(events2).toEqual(events1);
    });

    it('a worker process killed mid-run (SIGKILL) → onRunLost(worker_lost) within the stall interval; the stream ends with error + done', async () => {
      const keyPrefix = nextPrefix();
      const settings = settingsWith({ lockDurationMs: 1000, stalledIntervalMs: 500 });
      const api = apiSide(keyPrefix, settings);
      cleanups.push(
        () => api.bus.close(),
        () => api.queue.close(),
      );
      await api.queue.start();
      const child = await startWorkerProcess(keyPrefix, settings, true);
      cleanups.push(async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        await child.exited;
      });

      const runId = randomUUID();
      await api.queue.enqueue(runId);
      expect((await collect(api.bus.subscribe(runId), 1))[0].event.type).toBe('run');
      expect(await api.queue.counts()).toEqual({ waiting: 0, active: 1 });
      child.kill('SIGKILL');
      await child.exited;
      const killedAt = Date.now();

      const report = await eventually(() => api.lost.find((l) => l.runId === runId), 15_000);
      expect(report.reason).toBe('worker_lost');
      // Lock expiry + two stalled-check passes, with slack for a loaded CI machine.
      expect(Date.now() - killedAt).toBeLessThan(
        settings.lockDurationMs + 3 * settings.stalledIntervalMs + 2000,
      );
      const events = await collect(api.bus.subscribe(runId));
      expect(events.map((e) => e.event.type)).toEqual(['run', 'error', 'done']);
      expect(events[1].event).toMatchObject({ data: { code: 'worker_lost' } });
      expect(events[2].event).toEqual(done(runId, 'failed'));
      // Never left running, never re-run from the start.
      expect(
        await eventually(async () => {
          const c = await api.queue.counts();
          return c.waiting === 0 && c.active === 0 ? c : undefined;
        }),
      ).toEqual({ waiting: 0, active: 0 });
      expect(api.lost.filter((l) => l.runId === runId)).toHaveLength(1);
    });

    it('SIGTERM on a worker hands a run it cannot finish in time back; another worker runs it', async () => {
      const keyPrefix = nextPrefix();
      const settings = settingsWith({ shutdownGraceMs: 300 });
      const api = apiSide(keyPrefix, settings);
      cleanups.push(
        () => api.bus.close(),
        () => api.queue.close(),
      );
      await api.queue.start();
      const child = await startWorkerProcess(keyPrefix, settings, true);
      cleanups.push(async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        await child.exited;
      });

      const runId = randomUUID();
      await api.queue.enqueue(runId);
      await collect(api.bus.subscribe(runId), 1);
      child.kill('SIGTERM');
      expect(await child.exited).toBe(0);
      expect(await api.queue.counts()).toEqual({ waiting: 1, active: 0 });

      const worker2Bus = new RedisRunEventBus({ redisUrl: TEST_REDIS_URL, keyPrefix, settings });
      const worker2 = new BullmqRunQueue({ redisUrl: TEST_REDIS_URL, keyPrefix, role: 'worker', settings });
      const fake2 = fakeHandler(worker2Bus);
      worker2.registerHandler(fake2.handler);
      cleanups.push(
        () => worker2Bus.close(),
        () => worker2.close(),
      );
      await worker2.start();

      const events = await collect(api.bus.subscribe(runId));
      expect(events.map((e) => e.id)).toEqual(
        Array.from({ length: 1 + EVENTS_PER_RUN }, (_, i) => String(i + 1)),
      );
      expect(events.at(-1)!.event).toEqual(done(runId, 'completed'));
      await api.queue.drain();
      expect(fake2.calls).toEqual([{ runId, abortCause: null }]);
      expect(api.lost).toEqual([]);
    });

    it('closing a worker lets a run that finishes within the grace complete', async () => {
      const keyPrefix = nextPrefix();
      const settings = settingsWith({ shutdownGraceMs: 10_000 });
      const api = apiSide(keyPrefix, settings);
      const workerBus = new RedisRunEventBus({ redisUrl: TEST_REDIS_URL, keyPrefix, settings });
      const worker = new BullmqRunQueue({ redisUrl: TEST_REDIS_URL, keyPrefix, role: 'worker', settings });
      const fake = fakeHandler(workerBus, { delayMs: 50 });
      worker.registerHandler(fake.handler);
      cleanups.push(
        () => api.bus.close(),
        () => workerBus.close(),
        () => api.queue.close(),
      );
      await api.queue.start();
      await worker.start();

      const runId = randomUUID();
      const events = collect(api.bus.subscribe(runId));
      await api.queue.enqueue(runId);
      await collect(api.bus.subscribe(runId), 1);
      await worker.close();
      expect((await events).at(-1)!.event).toEqual(done(runId, 'completed'));
      expect(fake.calls).toEqual([{ runId, abortCause: null }]);
    });
  });

  describe('event streams', () => {
    const keyPrefix = nextPrefix();
    const raw = new Redis(TEST_REDIS_URL);
    afterAll(() => raw.quit());

    it('keeps a running run for a day, a finished one for RUN_EVENTS_TTL_SEC; ids continue after resumeSequence', async () => {
      const bus = new RedisRunEventBus({
        redisUrl: TEST_REDIS_URL,
        keyPrefix,
        settings: settingsWith({ eventsTtlSec: 30 }),
      });
      try {
        const runId = randomUUID();
        expect(await bus.publish(runId, { type: 'run', data: { runId } })).toBe('1');
        expect(await raw.ttl(`${keyPrefix}run:${runId}:events`)).toBeGreaterThan(3600);
        expect(await bus.publish(runId, done(runId, 'completed'))).toBe('2');
        const ttl = await raw.ttl(`${keyPrefix}run:${runId}:events`);
        expect(ttl).toBeGreaterThan(0);
        expect(ttl).toBeLessThanOrEqual(30);

        // A paused run resumed after its keys expired: ids keep increasing from the stored last id.
        const resumed = randomUUID();
        await bus.resumeSequence(resumed, '41');
        expect(await bus.publish(resumed, { type: 'message', data: { delta: DELTAS[0] } })).toBe('42');
        expect((await collect(bus.subscribe(resumed, undefined), 1))[0].id).toBe('42');
        await expect(collect(bus.subscribe(resumed, 'abc'))).rejects.toMatchObject({
          status: 400,
          details: [{ path: 'lastEventId', code: 'invalid_event_id' }],
        });
      } finally {
        await bus.close();
      }
    });
  });

  describe('sweep', () => {
    it('runs the sweep tasks at start and then every RUN_SWEEP_INTERVAL_MS, once per interval across processes; locate() says where runs are', async () => {
      const keyPrefix = nextPrefix();
      const settings = settingsWith({ sweepIntervalMs: 1000 });
      const a = apiSide(keyPrefix, settings);
      const b = apiSide(keyPrefix, settings);
      const swept: string[] = [];
      for (const [side, name] of [
        [a, 'a'],
        [b, 'b'],
      ] as const) {
        side.queue.onSweep(async () => void swept.push(name));
        // Every process that takes periodic jobs handles them all (boot check); these are off.
        side.queue.onPeriodic('checkpointRetention', 0, async () => undefined);
        side.queue.onPeriodic('mcpHealth', 0, async () => undefined);
      }
      try {
        await Promise.all([a.queue.start(), b.queue.start()]);
        await eventually(async () => (swept.length >= 2 ? true : undefined), 10_000);
        // Two processes, one job per interval: over 3 s, about 3 sweeps in all (not 6).
        swept.length = 0;
        await new Promise((r) => setTimeout(r, 3000));
        expect(swept.length).toBeGreaterThanOrEqual(2);
        expect(swept.length).toBeLessThanOrEqual(4);

        const queued = randomUUID();
        await a.queue.enqueue(queued);
        const where = await b.queue.locate([queued, randomUUID()]);
        expect([...where.values()]).toEqual(['waiting', 'none']);
      } finally {
        await Promise.all([a.queue.close(), b.queue.close()]);
        await Promise.all([a.bus.close(), b.bus.close()]);
      }
    }, 20_000);
  });
});
