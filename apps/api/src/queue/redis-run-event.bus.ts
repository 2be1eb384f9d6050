import { randomUUID } from 'node:crypto';
import { RUN_SUMMARY_RESERVED_IDS, type RunEvent } from '@agenthub/contracts';
import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import { retryWithBackoff } from '../common/retry.util.js';
import type { QueueSettings } from './queue-settings.js';
import {
  parseEventId,
  RunEventBus,
  type RunEventEnvelope,
  type RunEventPosition,
  RunEventsUnavailableError,
} from './run-event-bus.port.js';

/**
 * Appends one batch of a run's events. INCRBY the run's sequence by the number of events and
 * XADD each under the explicit stream id `<seq>-0`, in one atomic step, so stream order = id
 * order and `XREAD` after `<afterId>-0` returns exactly the events after it. Returns the first
 * event's id.
 * - Retry-safe: the batch carries a token; a batch whose reply was lost (Redis died after running
 *   it) and is sent again returns the first id recorded for it instead of appending twice.
 * - Ids never go back: ARGV floor = the last id this publisher got for the run; if Redis lost
 *   recent writes (restart without AOF, or the last second with `appendfsync everysec`), the
 *   sequence is raised to it first, so a client's Last-Event-ID never names another event.
 * Each call refreshes the TTL: the long safety TTL while running, the retention TTL once `done`
 * is published. KEYS: stream, seq, last-batch; ARGV: maxlen, ttl, token, floor, event JSON…
 */
const PUBLISH_SCRIPT = `
local last = redis.call('GET', KEYS[3])
if last then
  local sep = string.find(last, ':', 1, true)
  if sep and string.sub(last, 1, sep - 1) == ARGV[3] then return tonumber(string.sub(last, sep + 1)) end
end
local n = #ARGV - 4
local current = tonumber(redis.call('GET', KEYS[2]) or '0')
if current < tonumber(ARGV[4]) then redis.call('SET', KEYS[2], ARGV[4]) end
local first = redis.call('INCRBY', KEYS[2], n) - n + 1
for i = 1, n do
  local seq = first + i - 1
  redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], seq .. '-0', 's', seq, 'e', ARGV[i + 4])
end
redis.call('SET', KEYS[3], ARGV[3] .. ':' .. first, 'EX', ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[2])
redis.call('EXPIRE', KEYS[2], ARGV[2])
return first
`;
/** Most events sent in one script call (a longer burst is split). */
const MAX_BATCH = 256;

interface PublishBatch {
  token: string;
  events: string[];
  done: boolean;
  waiters: Array<{ resolve: (id: string) => void; reject: (err: unknown) => void }>;
}

/** A run's batches not yet written, oldest first; one is in flight at a time (order = id order). */
interface RunOutbox {
  batches: PublishBatch[];
  sending: boolean;
  scheduled: boolean;
}

/**
 * Raises the run's sequence to `last + reserved` (ARGV: last, reserved, ttl). When the stream no
 * longer reaches `last` (expired), a marker entry `<last>-0` (field `f`, no event) records that
 * the events up to it are gone: `position()` reads it as the floor, `subscribe` skips it.
 */
const RESUME_SEQUENCE_SCRIPT = `
local current = tonumber(redis.call('GET', KEYS[2]) or '0')
local top = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)[1]
if top then current = math.max(current, tonumber(string.match(top[1], '^(%d+)'))) end
local last = tonumber(ARGV[1])
if current < last then
  redis.call('XADD', KEYS[1], last .. '-0', 'f', last)
  redis.call('EXPIRE', KEYS[1], ARGV[3])
  current = last
end
local target = last + tonumber(ARGV[2])
if current < target then current = target end
redis.call('SET', KEYS[2], current, 'EX', ARGV[3])
return 1
`;
/** Keys of a run that is still going: long enough for any run, short enough to clean up crashes. */
const RUNNING_TTL_SEC = 24 * 3600;
/** XREAD BLOCK timeout: the loop wakes this often even when nothing happens (liveness). */
const BLOCK_MS = 5000;
const MAX_IDLE_READERS = 16;
/** Backoff while Redis is unreachable (publish retries, relay reconnects). */
const RETRY_MIN_MS = 100;
const RETRY_MAX_MS = 2000;
/** At close, how long unsent events may still wait for Redis before their publishers are failed. */
const CLOSE_FLUSH_MS = 3000;
/** Runs whose last published id is remembered (the floor of PUBLISH_SCRIPT); oldest dropped first. */
const LAST_IDS_MAX = 10_000;
const DEFAULT_BUFFER_MAX = 10_000;

type ScriptedRedis = Redis & {
  agenthubPublishRunEvent(...args: Array<string | number>): Promise<number>;
  agenthubResumeRunSequence(...args: Array<string | number>): Promise<number>;
};

export interface RedisRunEventBusOptions {
  redisUrl: string;
  /** Every key starts with it (REDIS_KEY_PREFIX), so deployments and tests can share a Redis. */
  keyPrefix: string;
  settings: Pick<QueueSettings, 'eventsMaxLen' | 'eventsTtlSec'> &
    Partial<Pick<QueueSettings, 'eventsBufferMax'>>;
}

/**
 * Distributed mode: one Redis Stream per run (`<prefix>run:<id>:events`, MAXLEN ~) plus its
 * sequence counter, so any API replica can replay and follow any run. Followers block in
 * `XREAD` on connections of their own (blocking commands cannot share one), pooled.
 *
 * Redis outages: publishing keeps the events in memory and retries (with backoff, in order,
 * retry-safe) until Redis is back, up to RUN_EVENTS_BUFFER_MAX events per process; past it
 * `publish` rejects with {@link RunEventsUnavailableError} (`error` and `done` are still
 * accepted, so the run can end cleanly). A follower whose connection drops reconnects and
 * resumes after the last id it yielded: its client sees a pause, not an end.
 */
export class RedisRunEventBus extends RunEventBus {
  private readonly logger = new Logger('RedisRunEventBus');
  private readonly commands: Redis;
  private readonly idleReaders: Redis[] = [];
  private readonly busyReaders = new Set<Redis>();
  private readonly outboxes = new Map<string, RunOutbox>();
  /** Events accepted and not yet written to Redis, all runs together (the buffer bound). */
  private buffered = 0;
  private readonly lastIds = new Map<string, number>();
  /** Sends in flight (close() waits for them). */
  private readonly sending = new Set<Promise<void>>();
  private closed = false;
  /** Set at close: pending sends stop retrying and fail their publishers. */
  private giveUp = false;

  constructor(private readonly options: RedisRunEventBusOptions) {
    super();
    this.commands = this.connect('events');
    // defineCommand sends EVALSHA (the script body only once per connection): publish is hot.
    this.commands.defineCommand('agenthubPublishRunEvent', { numberOfKeys: 3, lua: PUBLISH_SCRIPT });
    this.commands.defineCommand('agenthubResumeRunSequence', {
      numberOfKeys: 2,
      lua: RESUME_SEQUENCE_SCRIPT,
    });
  }

  /**
   * Events published for a run within one macrotask (a burst of tokens) go to Redis in one script
   * call when the tick ends, instead of a round trip each; while a run's batch is in flight (or
   * Redis is away) later events gather in the next one. Resolves with the event's id once its
   * batch is written.
   */
  publish(runId: string, event: RunEvent): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      const terminal = event.type === 'done' || event.type === 'error';
      if (this.closed) return reject(new RunEventsUnavailableError('the event bus is closed'));
      if (!terminal && this.buffered >= (this.options.settings.eventsBufferMax ?? DEFAULT_BUFFER_MAX))
        return reject(
          new RunEventsUnavailableError(
            `${this.buffered} events are waiting for Redis (RUN_EVENTS_BUFFER_MAX); Redis is unreachable`,
          ),
        );
      let outbox = this.outboxes.get(runId);
      if (!outbox) {
        outbox = { batches: [], sending: false, scheduled: false };
        this.outboxes.set(runId, outbox);
      }
      let batch = outbox.batches.at(-1);
      if (!batch || batch.events.length >= MAX_BATCH) {
        batch = { token: randomUUID(), events: [], done: false, waiters: [] };
        outbox.batches.push(batch);
      }
      batch.events.push(JSON.stringify(event));
      batch.done ||= event.type === 'done';
      batch.waiters.push({ resolve, reject });
      this.buffered++;
      if (!outbox.sending && !outbox.scheduled) {
        outbox.scheduled = true;
        setImmediate(() => this.pump(runId));
      }
    });
  }

  /** Sends the run's oldest batch, then the next, until its outbox is empty. */
  private pump(runId: string): void {
    const outbox = this.outboxes.get(runId);
    if (!outbox) return;
    outbox.scheduled = false;
    if (outbox.sending) return;
    const batch = outbox.batches.shift();
    if (!batch) {
      this.outboxes.delete(runId);
      return;
    }
    outbox.sending = true;
    const sent = this.sendRetrying(runId, batch).finally(() => {
      outbox.sending = false;
      this.pump(runId);
    });
    this.sending.add(sent);
    void sent.finally(() => this.sending.delete(sent));
  }

  private async sendRetrying(runId: string, batch: PublishBatch): Promise<void> {
    const ttl = batch.done ? this.options.settings.eventsTtlSec : RUNNING_TTL_SEC;
    let delay = RETRY_MIN_MS;
    let warned = false;
    for (;;) {
      try {
        const first = Number(
          await (this.commands as ScriptedRedis).agenthubPublishRunEvent(
            this.streamKey(runId),
            this.seqKey(runId),
            this.batchKey(runId),
            this.options.settings.eventsMaxLen,
            ttl,
            batch.token,
            this.lastIds.get(runId) ?? 0,
            ...batch.events,
          ),
        );
        this.buffered -= batch.events.length;
        this.rememberLastId(runId, batch.done ? undefined : first + batch.events.length - 1);
        if (warned) this.logger.log(`Run ${runId}: Redis is back, buffered events written`);
        batch.waiters.forEach((w, i) => w.resolve(String(first + i)));
        return;
      } catch (err) {
        if (!isTransient(err) || this.giveUp) {
          this.buffered -= batch.events.length;
          for (const w of batch.waiters) w.reject(err);
          return;
        }
        if (!warned)
          this.logger.warn(
            `Run ${runId}: Redis unreachable (${(err as Error).message}); keeping its events, retrying`,
          );
        warned = true;
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay = Math.min(delay * 2, RETRY_MAX_MS);
      }
    }
  }

  private rememberLastId(runId: string, lastId: number | undefined): void {
    this.lastIds.delete(runId);
    if (lastId === undefined) return;
    if (this.lastIds.size >= LAST_IDS_MAX) this.lastIds.delete(this.lastIds.keys().next().value!);
    this.lastIds.set(runId, lastId);
  }

  async *subscribe(runId: string, afterId?: string, signal?: AbortSignal): AsyncIterable<RunEventEnvelope> {
    let after = parseEventId(afterId);
    if (signal?.aborted) return;
    let reader = this.acquireReader();
    // A blocked XREAD cannot be interrupted by a command on the same connection: drop it.
    const onAbort = () => reader.disconnect();
    signal?.addEventListener('abort', onAbort, { once: true });
    let delay = RETRY_MIN_MS;
    try {
      while (!signal?.aborted && !this.closed) {
        let result: Array<[string, Array<[string, string[]]>]> | null;
        try {
          result = (await reader.xread(
            'COUNT',
            500,
            'BLOCK',
            BLOCK_MS,
            'STREAMS',
            this.streamKey(runId),
            `${after}-0`,
          )) as Array<[string, Array<[string, string[]]>]> | null;
          delay = RETRY_MIN_MS;
        } catch (err) {
          if (signal?.aborted || this.closed) return;
          // Redis went away (restart, failover): a new connection, then on from the last id.
          if (delay === RETRY_MIN_MS)
            this.logger.warn(`Run ${runId}: relay lost Redis (${(err as Error).message}); reconnecting`);
          this.busyReaders.delete(reader);
          reader.disconnect();
          await new Promise((resolve) => setTimeout(resolve, delay));
          delay = Math.min(delay * 2, RETRY_MAX_MS);
          reader = this.connect('events-reader');
          this.busyReaders.add(reader);
          continue;
        }
        if (!result) continue;
        for (const [, entries] of result) {
          for (const [streamId, fields] of entries) {
            const seq = Number(streamId.split('-')[0]);
            const json = fieldValue(fields, 'e');
            if (json === undefined) {
              // The resumeSequence marker: no event.
              after = seq;
              continue;
            }
            // Ids after a done may be reserved (never published); a longer gap was trimmed.
            if (seq > after + 1 + RUN_SUMMARY_RESERVED_IDS && after > 0)
              this.logger.warn(`Run ${runId}: events after ${after} before ${seq} were trimmed (MAXLEN)`);
            const event = JSON.parse(json) as RunEvent;
            yield { id: String(seq), event };
            after = seq;
            if (event.type === 'done') return;
          }
        }
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      this.releaseReader(reader, !signal?.aborted);
    }
  }

  /** Best effort: publishing `done` already set the retention TTL; an outage only logs. */
  async complete(runId: string): Promise<void> {
    const ttl = this.options.settings.eventsTtlSec;
    await this.commands
      .multi()
      .expire(this.streamKey(runId), ttl)
      .expire(this.seqKey(runId), ttl)
      .exec()
      .catch((err: Error) => this.logger.warn(`Run ${runId}: retention TTL not set: ${err.message}`));
  }

  /** Retried while Redis is unreachable (a run continued on another worker must not fail for it). */
  async resumeSequence(runId: string, lastId: string, reserved = 0): Promise<void> {
    const last = parseEventId(lastId, 'lastId');
    this.rememberLastId(runId, Math.max(last + reserved, this.lastIds.get(runId) ?? 0));
    await retryWithBackoff(
      () =>
        (this.commands as ScriptedRedis).agenthubResumeRunSequence(
          this.streamKey(runId),
          this.seqKey(runId),
          last,
          reserved,
          RUNNING_TTL_SEC,
        ),
      { what: `Resuming the event ids of run ${runId}`, logger: this.logger, giveUpAfterMs: 60_000 },
    );
  }

  async position(runId: string): Promise<RunEventPosition | null> {
    const key = this.streamKey(runId);
    const replies = await this.commands
      .multi()
      .xrange(key, '-', '+', 'COUNT', 1)
      .xrevrange(key, '+', '-', 'COUNT', 1)
      .exec();
    const [first] = (replies?.[0]?.[1] ?? []) as Array<[string, string[]]>;
    const [last] = (replies?.[1]?.[1] ?? []) as Array<[string, string[]]>;
    if (!first || !last) return null;
    const firstSeq = Number(first[0].split('-')[0]);
    const lastJson = fieldValue(last[1], 'e');
    return {
      // A marker stands for the events up to it; otherwise the first entry may follow trimmed ones.
      floor: fieldValue(first[1], 'e') === undefined ? firstSeq : firstSeq - 1,
      lastId: Number(last[0].split('-')[0]),
      endsWithDone: lastJson !== undefined && (JSON.parse(lastJson) as RunEvent).type === 'done',
    };
  }

  async close(): Promise<void> {
    // What was published before close still reaches Redis (if it answers within CLOSE_FLUSH_MS).
    for (const runId of [...this.outboxes.keys()]) this.pump(runId);
    let timer: NodeJS.Timeout | undefined;
    const flushed = (async () => {
      while (this.sending.size > 0) await Promise.allSettled([...this.sending]);
    })();
    await Promise.race([flushed, new Promise((resolve) => (timer = setTimeout(resolve, CLOSE_FLUSH_MS)))]);
    clearTimeout(timer);
    this.giveUp = true;
    this.closed = true;
    for (const reader of [...this.idleReaders, ...this.busyReaders]) reader.disconnect();
    this.idleReaders.length = 0;
    this.busyReaders.clear();
    await this.commands.quit().catch(() => this.commands.disconnect());
  }

  private streamKey(runId: string): string {
    return `${this.options.keyPrefix}run:${runId}:events`;
  }

  private batchKey(runId: string): string {
    return `${this.options.keyPrefix}run:${runId}:batch`;
  }

  private seqKey(runId: string): string {
    return `${this.options.keyPrefix}run:${runId}:seq`;
  }

  private connect(name: string): Redis {
    const client = new Redis(this.options.redisUrl, {
      connectionName: `agenthub-${name}`,
      maxRetriesPerRequest: 2,
    });
    client.on('error', (err: Error) => this.logger.warn(`Redis (${name}): ${err.message}`));
    return client;
  }

  private acquireReader(): Redis {
    const reader = this.idleReaders.pop() ?? this.connect('events-reader');
    this.busyReaders.add(reader);
    return reader;
  }

  private releaseReader(reader: Redis, reusable: boolean): void {
    this.busyReaders.delete(reader);
    if (reusable && !this.closed && reader.status === 'ready' && this.idleReaders.length < MAX_IDLE_READERS)
      this.idleReaders.push(reader);
    else reader.disconnect();
  }
}

/**
 * A failure that goes away when Redis is back: connection lost or refused, the client's retries
 * used up, Redis still loading its append-only file after a restart. Script errors are not.
 */
function isTransient(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (err.name !== 'ReplyError') return true;
  return /^(LOADING|TRYAGAIN|MASTERDOWN|READONLY|CLUSTERDOWN)/.test(err.message);
}

function fieldValue(fields: string[], name: string): string | undefined {
  for (let i = 0; i < fields.length; i += 2) if (fields[i] === name) return fields[i + 1];
  return undefined;
}
