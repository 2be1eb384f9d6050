import { RUNTIME_INSTANCE_DOWN_AFTER_INTERVALS } from '@agenthub/contracts';
import { heartbeatStatus } from '../common/heartbeat.rules.js';

/** `down` once no heartbeat arrived for 3 of the instance's own intervals (common/heartbeat.rules.ts). */
export const instanceStatus = heartbeatStatus;

/** The SQL form of {@link instanceStatus}, for filtering lists by status. */
export const INSTANCE_DOWN_SQL = `ri.last_seen_at < now() - make_interval(secs => ri.interval_sec * ${RUNTIME_INSTANCE_DOWN_AFTER_INTERVALS})`;
