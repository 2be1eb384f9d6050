/** A process reporting heartbeats is `down` after this many of its own intervals without one. */
export const HEARTBEAT_DOWN_AFTER_INTERVALS = 3;

/** `down` once no heartbeat arrived for 3 of the reporter's own intervals. */
export function heartbeatStatus(lastSeenAt: Date, intervalSec: number, now: Date): 'up' | 'down' {
  const silentMs = now.getTime() - lastSeenAt.getTime();
  return silentMs > HEARTBEAT_DOWN_AFTER_INTERVALS * intervalSec * 1000 ? 'down' : 'up';
}
