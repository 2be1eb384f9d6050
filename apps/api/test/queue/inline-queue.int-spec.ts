import { InlineRunQueue } from '../../src/queue/inline-run.queue';
import { MemoryRunEventBus } from '../../src/queue/memory-run-event.bus';
import { recordLost, runQueueContract, TEST_QUEUE_SETTINGS, type QueueHarness } from './run-queue.contract';

describe('inline run queue + in-memory event bus (embedded mode)', () => {
  runQueueContract(async ({ makeHandler, settings }) => {
    const merged = { ...TEST_QUEUE_SETTINGS, ...settings };
    const bus = new MemoryRunEventBus(merged);
    const queue = new InlineRunQueue(merged);
    const lost: QueueHarness['lost'] = [];
    queue.registerHandler(makeHandler(bus));
    queue.onRunLost(recordLost(lost, bus));
    await queue.start();
    return {
      api: queue,
      apiBus: bus,
      lost,
      executorWithoutHandler: () => new InlineRunQueue(merged),
      close: async () => {
        await queue.close();
        await bus.close();
      },
    };
  });
});
