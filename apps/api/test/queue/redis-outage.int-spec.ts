import { randomUUID } from 'node:crypto';
import type { RunEvent } from '@agenthub/contracts';
import { freePort } from '@agenthub/testkit';
import { Redis } from 'ioredis';
import { RedisRunEventBus } from '../../src/queue/redis-run-event.bus';
import { RunEventsUnavailableError, type RunEventEnvelope } from '../../src/queue/run-event-bus.port';
import { RedisProcess } from '../faults/fault-stack';

const delta = (i: number): RunEvent => ({ type: 'message', data: { delta: `t${i} ` } });
const done = (runId: string): RunEvent => ({
  type: 'done',
  data: { runId, status: 'completed', usage: { promptTokens: 0, completionTokens: 0, costUsd: 0 } },
});

async function collect(events: AsyncIterable<RunEventEnvelope>): Promise<RunEventEnvelope[]> {
  const all: RunEventEnvelope[] = [];
  for await (const e of events) all.push(e);
  return all;
}

/** The event bus against a redis-server of the test's own, killed (SIGKILL) and restarted (AOF). */
describe('RedisRunEventBus across a Redis outage', () => {
  let redis: RedisProcess;
  let bus: RedisRunEventBus;
  const settings = { eventsMaxLen: 1000, eventsTtlSec: 60, eventsBufferMax: 50 };

  beforeAll(async () => {
    redis = new RedisProcess(await freePort());
    await redis.start();
  });
  beforeEach(() => {
    bus = new RedisRunEventBus({ redisUrl: redis.url, keyPrefix: `outage-${randomUUID()}:`, settings });
  });
  afterEach(async () => {
    if (!(await redis.isUp())) await redis.start();
    await bus.close();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('keeps events published while Redis is down and writes them in order once it is back; a follower resumes', async () => {
    const runId = randomUUID();
    const followed = collect(bus.subscribe(runId));
    const before = await Promise.all([1, 2, 3].map((i) => bus.publish(runId, delta(i))));
    expect(before).toEqual(['1', '2', '3']);

    await redis.kill();
    const during = [4, 5, 6, 7].map((i) => bus.publish(runId, delta(i)));
    await new Promise((r) => setTimeout(r, 500));
    await redis.start();
    expect(await Promise.all(during)).toEqual(['4', '5', '6', '7']);
    await bus.publish(runId, done(runId));

    const events = await followed;
    expect(events.map((e) => e.id)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
    expect(events.at(-1)!.event.type).toBe('done');
  }, 30_000);

  it('past RUN_EVENTS_BUFFER_MAX rejects with events_unavailable, yet still takes error and done', async () => {
    const runId = randomUUID();
    await bus.publish(runId, delta(0));
    await redis.kill();
    const kept = Array.from({ length: settings.eventsBufferMax }, (_, i) => bus.publish(runId, delta(i + 1)));
    await expect(bus.publish(runId, delta(99))).rejects.toBeInstanceOf(RunEventsUnavailableError);
    await expect(bus.publish(runId, delta(99))).rejects.toMatchObject({ code: 'events_unavailable' });
    const end = [
      bus.publish(runId, { type: 'error', data: { code: 'events_unavailable', message: 'x' } }),
      bus.publish(runId, done(runId)),
    ];
    await redis.start();
    const ids = await Promise.all([...kept, ...end]);
    expect(ids.at(-1)).toBe(String(settings.eventsBufferMax + 3));
    const events = await collect(bus.subscribe(runId));
    expect(events.map((e) => e.event.type).slice(-2)).toEqual(['error', 'done']);
  }, 30_000);

  it('never hands out an id twice when Redis lost its data (restart without persistence)', async () => {
    const runId = randomUUID();
    await Promise.all([1, 2, 3].map((i) => bus.publish(runId, delta(i))));
    const admin = new Redis(redis.url);
    await admin.flushall();
    admin.disconnect();
    expect(await bus.publish(runId, delta(4))).toBe('4');
  });
});
