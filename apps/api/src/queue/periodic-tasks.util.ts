import type { Logger } from '@nestjs/common';
import type { PeriodicJobKey, PeriodicTask, PeriodicTick } from './jobs.js';

/** One tick of a periodic job: its tasks in registration order; a failing task is logged, the others still run. */
export async function runPeriodicTasks(
  job: PeriodicJobKey,
  tasks: readonly PeriodicTask[],
  tick: PeriodicTick,
  logger: Logger,
): Promise<void> {
  for (const task of tasks) {
    try {
      await task(tick);
    } catch (err) {
      logger.error(
        `Periodic job "${job}" (${tick.id}): a task failed: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }
}
