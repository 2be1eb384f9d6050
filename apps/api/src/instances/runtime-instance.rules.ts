import { RUNTIME_INSTANCE_DOWN_AFTER_INTERVALS, type RuntimeInstanceStatus } from '@agenthub/contracts';

/** `down` once no heartbeat arrived for 3 of the instance's own intervals. */
export function instanceStatus(lastSeenAt: Date, intervalSec: number, now: Date): RuntimeInstanceStatus {
  const silentMs = now.getTime() - lastSeenAt.getTime();
  return silentMs > RUNTIME_INSTANCE_DOWN_AFTER_INTERVALS * intervalSec * 1000 ? 'down' : 'up';
}

/** The SQL form of {@link instanceStatus}, for filtering lists by status. */
export const INSTANCE_DOWN_SQL = `ri.last_seen_at < now() - make_interval(secs => ri.interval_sec * ${RUNTIME_INSTANCE_DOWN_AFTER_INTERVALS})`;
