import type { RunEvent } from '@agenthub/contracts';
import { Logger } from '@nestjs/common';
import type { RunEventBus } from './run-event-bus.port.js';

const logger = new Logger('RunEventRelay');

/**
 * Passes a run's events through unchanged while publishing each one to the bus, for runs whose
 * events go straight to the request that started them (draft test runs, `/v1`): `GET
 * /runs/:id/stream` can then follow and replay them like any run. The run is known from its
 * first event (`run`); a fresh run's bus ids are the same as its own (1, 2, …). Publishing is
 * not awaited per event (the Redis bus sends a tick's events together, batches in order); `done`
 * waits for its own, so for all before it, and starts the retention TTL. A bus failure is logged, never fails the run.
 */
export async function* alsoPublishedTo<E extends RunEvent & { id?: number }>(
  bus: RunEventBus,
  events: AsyncIterable<E>,
): AsyncGenerator<E> {
  let runId: string | undefined;
  let failed = false;
  const fail = (err: unknown) => {
    if (!failed) logger.warn(`Run ${runId}: events not published: ${String(err)}`);
    failed = true;
  };
  for await (const event of events) {
    if (event.type === 'run') runId ??= event.data.runId;
    if (runId && !failed) {
      const { id: _id, ...plain } = event;
      const published = bus.publish(runId, plain as RunEvent).catch(fail);
      if (event.type === 'done')
        await published.then(() => (failed ? undefined : bus.complete(runId!))).catch(fail);
    }
    yield event;
  }
}
