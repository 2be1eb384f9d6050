import { RUN_SUMMARY_RESERVED_IDS, type RunEvent } from '@agenthub/contracts';
import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { QueueSettings } from './queue-settings.js';
import {
  parseEventId,
  RunEventBus,
  type RunEventEnvelope,
  type RunEventPosition,
} from './run-event-bus.port.js';

/**
 * INCRBY the run's sequence by the number of events and XADD each under the explicit stream id
 * `<seq>-0`, in one atomic step, so stream order = id order and `XREAD` after `<afterId>-0`
 * returns exactly the events after it. Returns the first event's id. Each call refreshes the
 * TTL: the long safety TTL while running (a crashed worker never leaves keys forever), the
 * retention TTL once `done` is published. ARGV: maxlen, ttl, event JSON…
 */
const PUBLISH_SCRIPT = `
local n = #ARGV - 2
local first = redis.call('INCRBY', KEYS[2], n) - n + 1
for i = 1, n do
  local seq = first + i - 1
  redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], seq .. '-0', 's', seq, 'e', ARGV[i + 2])
end
redis.call('EXPIRE', KEYS[1], ARGV[2])
redis.call('EXPIRE', KEYS[2], ARGV[2])
return first
`;
/** Most events sent in one script call (a longer burst is split). */
const MAX_BATCH = 256;

interface PublishBatch {
  events: string[];
  done: boolean;
  sent?: boolean;
  waiters: Array<{ resolve: (id: string) => void; reject: (err: unknown) => void }>;
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

type ScriptedRedis = Redis & {
  agenthubPublishRunEvent(...args: Array<string | number>): Promise<number>;
  agenthubResumeRunSequence(...args: Array<string | number>): Promise<number>;
};

export interface RedisRunEventBusOptions {
  redisUrl: string;
  /** Every key starts with it (REDIS_KEY_PREFIX), so deployments and tests can share a Redis. */
  keyPrefix: string;
  settings: Pick<QueueSettings, 'eventsMaxLen' | 'eventsTtlSec'>;
}

/**
 * Distributed mode: one Redis Stream per run (`<prefix>run:<id>:events`, MAXLEN ~) plus its
 * sequence counter, so any API replica can replay and follow any run. Followers block in
 * `XREAD` on connections of their own (blocking commands cannot share one), pooled.
 */
export class RedisRunEventBus extends RunEventBus {
  private readonly logger = new Logger('RedisRunEventBus');
  private readonly commands: Redis;
  private readonly idleReaders: Redis[] = [];
  private readonly busyReaders = new Set<Redis>();
  /** Events of the current tick per run, sent together (see publish). */
  private readonly batches = new Map<string, PublishBatch>();
  /** Batches on their way to Redis (close() waits for them). */
  private readonly sending = new Set<Promise<void>>();
  private closed = false;

  constructor(private readonly options: RedisRunEventBusOptions) {
    super();
    this.commands = this.connect('events');
    // defineCommand sends EVALSHA (the script body only once per connection): publish is hot.
    this.commands.defineCommand('agenthubPublishRunEvent', { numberOfKeys: 2, lua: PUBLISH_SCRIPT });
    this.commands.defineCommand('agenthubResumeRunSequence', {
      numberOfKeys: 2,
      lua: RESUME_SEQUENCE_SCRIPT,
    });
  }

  /**
   * Events published for a run within one macrotask (a burst of tokens) go to Redis in one script
   * call when the tick ends, instead of a round trip each; batches of a run are sent in order on
   * one connection, so ids stay monotonic and the stream is exactly what was published. Resolves
   * with the event's id once its batch is written.
   */
  publish(runId: string, event: RunEvent): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      let batch = this.batches.get(runId);
      if (!batch) {
        const fresh: PublishBatch = { events: [], done: false, waiters: [] };
        this.batches.set(runId, fresh);
        setImmediate(() => this.track(this.send(runId, fresh)));
        batch = fresh;
      }
      batch.events.push(JSON.stringify(event));
      batch.done ||= event.type === 'done';
      batch.waiters.push({ resolve, reject });
      // Full: later events start the next batch (sent after this one).
      if (batch.events.length >= MAX_BATCH) this.batches.delete(runId);
    });
  }

  private track(sent: Promise<void>): void {
    this.sending.add(sent);
    void sent.finally(() => this.sending.delete(sent));
  }

  private async send(runId: string, batch: PublishBatch): Promise<void> {
    if (batch.sent) return;
    batch.sent = true;
    if (this.batches.get(runId) === batch) this.batches.delete(runId);
    const ttl = batch.done ? this.options.settings.eventsTtlSec : RUNNING_TTL_SEC;
    try {
      const first = await (this.commands as ScriptedRedis).agenthubPublishRunEvent(
        this.streamKey(runId),
        this.seqKey(runId),
        this.options.settings.eventsMaxLen,
        ttl,
        ...batch.events,
      );
      batch.waiters.forEach((w, i) => w.resolve(String(Number(first) + i)));
    } catch (err) {
      for (const w of batch.waiters) w.reject(err);
    }
  }

  async *subscribe(runId: string, afterId?: string, signal?: AbortSignal): AsyncIterable<RunEventEnvelope> {
    let after = parseEventId(afterId);
    if (signal?.aborted) return;
    const reader = this.acquireReader();
    // A blocked XREAD cannot be interrupted by a command on the same connection: drop it.
    const onAbort = () => reader.disconnect();
    signal?.addEventListener('abort', onAbort, { once: true });
    let reusable = true;
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
        } catch (err) {
          reusable = false;
          if (signal?.aborted || this.closed) return;
          throw err;
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
      this.releaseReader(reader, reusable && !signal?.aborted);
    }
  }

  async complete(runId: string): Promise<void> {
    const ttl = this.options.settings.eventsTtlSec;
    await this.commands.multi().expire(this.streamKey(runId), ttl).expire(this.seqKey(runId), ttl).exec();
  }

  async resumeSequence(runId: string, lastId: string, reserved = 0): Promise<void> {
    const last = parseEventId(lastId, 'lastId');
    await (this.commands as ScriptedRedis).agenthubResumeRunSequence(
      this.streamKey(runId),
      this.seqKey(runId),
      last,
      reserved,
      RUNNING_TTL_SEC,
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
    // What was published before close still reaches Redis.
    for (const [runId, batch] of [...this.batches]) this.track(this.send(runId, batch));
    await Promise.allSettled([...this.sending]);
    this.closed = true;
    for (const reader of [...this.idleReaders, ...this.busyReaders]) reader.disconnect();
    this.idleReaders.length = 0;
    this.busyReaders.clear();
    await this.commands.quit().catch(() => this.commands.disconnect());
  }

  private streamKey(runId: string): string {
    return `${this.options.keyPrefix}run:${runId}:events`;
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

function fieldValue(fields: string[], name: string): string | undefined {
  for (let i = 0; i < fields.length; i += 2) if (fields[i] === name) return fields[i + 1];
  return undefined;
}
