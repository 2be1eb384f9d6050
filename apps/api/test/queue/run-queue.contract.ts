import { randomUUID } from 'node:crypto';
import type { QueueSettings } from '../../src/queue/queue-settings';
import type { RunEventBus } from '../../src/queue/run-event-bus.port';
import {
  NoRunHandlerError,
  type RunHandler,
  type RunLostReason,
  type RunQueue,
} from '../../src/queue/run-queue.port';
import { collect, DELTAS, done, eventually, EVENTS_PER_RUN, fakeHandler } from './queue-test.fixtures';

export const TEST_QUEUE_SETTINGS: QueueSettings = {
  concurrency: 2,
  runTimeoutMs: 60_000,
  lockDurationMs: 2000,
  stalledIntervalMs: 500,
  shutdownGraceMs: 500,
  sweepIntervalMs: 60_000,
  eventsBufferMax: 10_000,
  abortGraceMs: 2000,
  eventsMaxLen: 1000,
  eventsTtlSec: 60,
  memoryEventsTtlSec: 60,
};

/** The two sides of a queue: where runs are enqueued and streamed (API) and where they execute. */
export interface QueueHarness {
  api: RunQueue;
  apiBus: RunEventBus;
  /** onRunLost calls seen by any process of the harness. */
  lost: Array<{ runId: string; reason: RunLostReason }>;
  /** A queue that would execute runs, not started and with no handler. */
  executorWithoutHandler(): RunQueue;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Builds the handler with the event bus of the process executing runs. */
  makeHandler: (bus: RunEventBus) => RunHandler;
  settings?: Partial<QueueSettings>;
}

export type MakeHarness = (options: HarnessOptions) => Promise<QueueHarness>;

/**
 * What every RunQueue + RunEventBus adapter pair must do, written once and run against each
 * (inline-queue.int-spec.ts, bullmq-queue.int-spec.ts).
 */
export function runQueueContract(makeHarness: MakeHarness): void {
  let h: QueueHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });
  const setup = async (options: HarnessOptions) => (h = await makeHarness(options));
  const ids = (n: number, from = 1) => Array.from({ length: n }, (_, i) => String(from + i));

  it('runs an enqueued run; a subscriber gets every event in order, ending with done', async () => {
    let fake!: ReturnType<typeof fakeHandler>;
    const { api, apiBus } = await setup({ makeHandler: (bus) => (fake = fakeHandler(bus)).handler });
    const runId = randomUUID();
    const received = collect(apiBus.subscribe(runId));
    await api.enqueue(runId);
    const events = await received;
    expect(events.map((e) => e.id)).toEqual(ids(EVENTS_PER_RUN));
    expect(events.map((e) => e.event.type)).toEqual(['run', ...DELTAS.map(() => 'message'), 'done']);
    expect(events.flatMap((e) => (e.event.type === 'message' ? [e.event.data.delta] : []))).toEqual(DELTAS);
    expect(events.at(-1)!.event).toMatchObject({ type: 'done', data: { status: 'completed' } });
    await api.drain();
    expect(fake.calls).toEqual([{ runId, abortCause: null }]);
    expect(await api.counts()).toEqual({ waiting: 0, active: 0 });
  });

  it('executes a run enqueued twice only once', async () => {
    let fake!: ReturnType<typeof fakeHandler>;
    const { api, apiBus } = await setup({ makeHandler: (bus) => (fake = fakeHandler(bus)).handler });
    const runId = randomUUID();
    await Promise.all([api.enqueue(runId), api.enqueue(runId)]);
    await collect(apiBus.subscribe(runId));
    await api.drain();
    expect(fake.calls).toHaveLength(1);
  });

  it('a subscriber reconnecting with afterId mid-stream gets exactly the missing events', async () => {
    const { api, apiBus } = await setup({ makeHandler: (bus) => fakeHandler(bus, { delayMs: 60 }).handler });
    const runId = randomUUID();
    const firstPart = collect(apiBus.subscribe(runId), 3);
    await api.enqueue(runId);
    const first = await firstPart; // the connection "drops" after event 3
    expect(first.map((e) => e.event.type)).not.toContain('done');
    const rest = await collect(apiBus.subscribe(runId, first.at(-1)!.id));
    expect([...first, ...rest].map((e) => e.id)).toEqual(ids(EVENTS_PER_RUN));
    expect(rest[0].id).toBe('4');
    expect(rest.at(-1)!.event.type).toBe('done');
  });

  it('replays a finished run to its done, from the start or after an id', async () => {
    const { api, apiBus } = await setup({ makeHandler: (bus) => fakeHandler(bus, { delayMs: 1 }).handler });
    const runId = randomUUID();
    const live = collect(apiBus.subscribe(runId));
    await api.enqueue(runId);
    const all = await live;
    await api.drain();
    expect(await collect(apiBus.subscribe(runId))).toEqual(all);
    const tail = await collect(apiBus.subscribe(runId, String(EVENTS_PER_RUN - 2)));
    expect(tail).toEqual(all.slice(-2));
    expect(await collect(apiBus.subscribe(runId, String(EVENTS_PER_RUN - 1)))).toEqual(all.slice(-1));
  });

  it('cancel aborts the running handler (reason cancelled); the stream ends with done cancelled', async () => {
    let fake!: ReturnType<typeof fakeHandler>;
    const { api, apiBus } = await setup({
      makeHandler: (bus) => (fake = fakeHandler(bus, { hang: true })).handler,
    });
    const runId = randomUUID();
    await api.enqueue(runId);
    expect((await collect(apiBus.subscribe(runId), 1))[0].event.type).toBe('run'); // running now
    expect(await api.cancel(runId)).toBe(true);
    const events = await collect(apiBus.subscribe(runId));
    expect(events.map((e) => e.event.type)).toEqual(['run', 'done']);
    expect(events[1].event).toMatchObject({ data: { status: 'cancelled' } });
    await api.drain();
    expect(fake.calls).toEqual([{ runId, abortCause: 'cancelled' }]);
    expect(await api.cancel(runId)).toBe(false); // finished: nothing to cancel
    expect(await api.cancel(randomUUID())).toBe(false);
  });

  it('cancel of a queued run: its handler starts with an aborted signal and records the cancel', async () => {
    let fake!: ReturnType<typeof fakeHandler>;
    const { api, apiBus } = await setup({
      makeHandler: (bus) => (fake = fakeHandler(bus, { hang: true })).handler,
      settings: { concurrency: 1 },
    });
    const [a, b] = [randomUUID(), randomUUID()];
    await api.enqueue(a);
    await collect(apiBus.subscribe(a), 1);
    await api.enqueue(b);
    expect(await api.counts()).toEqual({ waiting: 1, active: 1 });
    expect(await api.cancel(b)).toBe(true);
    expect(await api.cancel(a)).toBe(true);
    const eventsB = await collect(apiBus.subscribe(b));
    expect(eventsB.map((e) => e.event)).toEqual([done(b, 'cancelled')]);
    await api.drain();
    expect(fake.calls.find((c) => c.runId === b)).toEqual({ runId: b, abortCause: 'cancelled' });
    expect(await api.counts()).toEqual({ waiting: 0, active: 0 });
  });

  it('a run past RUN_TIMEOUT_MS is aborted (reason timeout) and reported by onRunLost(timeout)', async () => {
    let fake!: ReturnType<typeof fakeHandler>;
    const { api, apiBus, lost } = await setup({
      makeHandler: (bus) => (fake = fakeHandler(bus, { hang: true })).handler,
      settings: { runTimeoutMs: 400 },
    });
    const runId = randomUUID();
    await api.enqueue(runId);
    await collect(apiBus.subscribe(runId), 1);
    const report = await eventually(() => lost.find((l) => l.runId === runId));
    expect(report.reason).toBe('timeout');
    expect(fake.calls).toEqual([{ runId, abortCause: 'timeout' }]);
    // The owner's listener (see the harness) published error + done: the stream is complete.
    const events = await collect(apiBus.subscribe(runId));
    expect(events.slice(-2).map((e) => e.event)).toEqual([
      { type: 'error', data: { code: 'timeout', message: 'lost: timeout' } },
      done(runId, 'failed'),
    ]);
    await api.drain();
    expect(lost.filter((l) => l.runId === runId)).toHaveLength(1);
  });

  it('a handler that throws is reported by onRunLost(handler_error)', async () => {
    const { api, lost } = await setup({
      makeHandler: () => async () => {
        throw new Error('handler bug');
      },
    });
    const runId = randomUUID();
    await api.enqueue(runId);
    expect((await eventually(() => lost.find((l) => l.runId === runId))).reason).toBe('handler_error');
    await api.drain();
  });

  it('a subscription waiting for events ends quietly when its signal aborts', async () => {
    const { apiBus } = await setup({ makeHandler: (bus) => fakeHandler(bus).handler });
    const controller = new AbortController();
    const received = collect(apiBus.subscribe(randomUUID(), undefined, controller.signal));
    setTimeout(() => controller.abort(), 50);
    expect(await received).toEqual([]);
  });

  it('a run going on after its done skips the reserved ids; position tells how far replay is exact', async () => {
    const { apiBus } = await setup({ makeHandler: (bus) => fakeHandler(bus).handler });
    const runId = randomUUID();
    expect(await apiBus.position(runId)).toBeNull();
    await apiBus.publish(runId, { type: 'message', data: { delta: DELTAS[0] } });
    expect(await apiBus.publish(runId, done(runId, 'completed'))).toBe('2');
    expect(await apiBus.position(runId)).toEqual({ floor: 0, lastId: 2, endsWithDone: true });
    await apiBus.resumeSequence(runId, '2', 4);
    expect(await apiBus.publish(runId, done(runId, 'cancelled'))).toBe('7');
    expect((await collect(apiBus.subscribe(runId, '2'))).map((e) => e.id)).toEqual(['7']);
    expect(await apiBus.position(runId)).toEqual({ floor: 0, lastId: 7, endsWithDone: true });

    // Its events expired before it went on: those up to the stored last id count as gone.
    const expired = randomUUID();
    await apiBus.resumeSequence(expired, '10', 4);
    expect(await apiBus.position(expired)).toEqual({ floor: 10, lastId: 10, endsWithDone: false });
    expect(await apiBus.publish(expired, done(expired, 'completed'))).toBe('15');
    expect(await apiBus.position(expired)).toEqual({ floor: 10, lastId: 15, endsWithDone: true });
    expect((await collect(apiBus.subscribe(expired))).map((e) => e.id)).toEqual(['15']);
  });

  it('start() fails fast when no handler is registered', async () => {
    h = await makeHarness({ makeHandler: (bus) => fakeHandler(bus).handler });
    const executor = h.executorWithoutHandler();
    try {
      await expect(executor.start()).rejects.toThrow(NoRunHandlerError);
      expect(() => executor.registerHandler(async () => undefined)).not.toThrow();
      expect(() => executor.registerHandler(async () => undefined)).toThrow(/already registered/);
    } finally {
      await executor.close();
    }
  });
}

/**
 * The run owner's side of onRunLost in tests: remember the call, and, like the chat runtime will,
 * finish the run's stream with `error` + `done` failed.
 */
export function recordLost(
  lost: QueueHarness['lost'],
  bus: RunEventBus,
): (runId: string, reason: RunLostReason) => Promise<void> {
  return async (runId, reason) => {
    lost.push({ runId, reason });
    await bus.publish(runId, { type: 'error', data: { code: reason, message: `lost: ${reason}` } });
    await bus.publish(runId, done(runId, 'failed'));
  };
}
