import type { RunEvent } from '@agenthub/contracts';
import { DomainError } from '../common/domain-error.js';
import { MemoryRunEventBus } from './memory-run-event.bus.js';
import type { RunEventEnvelope } from './run-event-bus.port.js';

const message = (delta: string): RunEvent => ({ type: 'message', data: { delta } });
const done: RunEvent = {
  type: 'done',
  data: { runId: 'r', status: 'completed', usage: { promptTokens: 0, completionTokens: 0, costUsd: 0 } },
};

async function collect(events: AsyncIterable<RunEventEnvelope>): Promise<string[]> {
  const ids: string[] = [];
  for await (const e of events) ids.push(e.id);
  return ids;
}

describe('MemoryRunEventBus', () => {
  afterEach(() => jest.useRealTimers());

  it('keeps at most eventsMaxLen events per run, dropping the oldest; ids stay monotonic', async () => {
    const bus = new MemoryRunEventBus({ eventsMaxLen: 3, memoryEventsTtlSec: 60 });
    for (const d of ['a', 'b', 'c', 'd']) await bus.publish('r', message(d));
    expect(await bus.publish('r', done)).toBe('5');
    expect(await collect(bus.subscribe('r'))).toEqual(['3', '4', '5']);
    expect(await collect(bus.subscribe('r', '3'))).toEqual(['4', '5']);
  });

  it('drops a completed run after memoryEventsTtlSec, unless it publishes again (resumed run)', async () => {
    jest.useFakeTimers();
    const bus = new MemoryRunEventBus({ eventsMaxLen: 100, memoryEventsTtlSec: 60 });
    await bus.publish('r', done); // starts the retention
    jest.advanceTimersByTime(30_000);
    await bus.publish('r', message('resumed')); // cancels it
    jest.advanceTimersByTime(60_000);
    await bus.publish('r', done);
    expect(await collect(bus.subscribe('r', '2'))).toEqual(['3']);
    jest.advanceTimersByTime(60_001);
    // Dropped: a new event would start a fresh log at 1…
    expect(await bus.publish('r', message('late'))).toBe('1');
    // …which is why a run resumed after that continues from its stored last id.
    await bus.resumeSequence('s', '41');
    expect(await bus.publish('s', done)).toBe('42');
    expect(await collect(bus.subscribe('s'))).toEqual(['42']);
  });

  it('skips ids reserved by resumeSequence and tells how far replay is exact (position)', async () => {
    const bus = new MemoryRunEventBus({ eventsMaxLen: 100, memoryEventsTtlSec: 60 });
    expect(await bus.position('r')).toBeNull();
    await bus.publish('r', message('a'));
    await bus.publish('r', done);
    expect(await bus.position('r')).toEqual({ floor: 0, lastId: 2, endsWithDone: true });
    // Goes on after its done with 4 ids kept free: nothing is missing, replay stays exact.
    await bus.resumeSequence('r', '2', 4);
    expect(await bus.publish('r', message('b'))).toBe('7');
    expect(await bus.position('r')).toEqual({ floor: 0, lastId: 7, endsWithDone: false });
    await bus.publish('r', done);
    expect(await collect(bus.subscribe('r', '2'))).toEqual(['7', '8']);
    expect(await collect(bus.subscribe('r', '1'))).toEqual(['2']); // each segment ends with its done
    // Expired before it went on: the events up to the stored last id count as gone.
    await bus.resumeSequence('s', '10', 4);
    expect(await bus.position('s')).toEqual({ floor: 10, lastId: 10, endsWithDone: false });
    expect(await bus.publish('s', done)).toBe('15');
    expect(await bus.position('s')).toEqual({ floor: 10, lastId: 15, endsWithDone: true });
  });

  it('rejects an event id that is not a non-negative integer with a 400 naming the field', async () => {
    const bus = new MemoryRunEventBus({ eventsMaxLen: 10, memoryEventsTtlSec: 60 });
    await expect(collect(bus.subscribe('r', '1; DROP'))).rejects.toMatchObject({
      constructor: DomainError,
      status: 400,
      details: [{ path: 'lastEventId', code: 'invalid_event_id' }],
    });
  });
});
