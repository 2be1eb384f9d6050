import type { RunEvent } from '@agenthub/contracts';
import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { QueueSettings } from './queue-settings.js';
import { parseEventId, RunEventBus, type RunEventEnvelope } from './run-event-bus.port.js';

/**
 * INCR the run's sequence and XADD the event under the explicit stream id `<seq>-0` in one
 * atomic step, so stream order = id order and `XREAD` after `<afterId>-0` returns exactly the
 * events after it. Each publish refreshes the TTL: the long safety TTL while running (a crashed
 * worker never leaves keys forever), the retention TTL once `done` is published.
 */
const PUBLISH_SCRIPT = `
local seq = redis.call('INCR', KEYS[2])
redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], seq .. '-0', 's', seq, 'e', ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[3])
redis.call('EXPIRE', KEYS[2], ARGV[3])
return seq
`;
const RESUME_SEQUENCE_SCRIPT = `
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if current < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2]) end
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
  private closed = false;

  constructor(private readonly options: RedisRunEventBusOptions) {
    super();
    this.commands = this.connect('events');
    // defineCommand sends EVALSHA (the script body only once per connection): publish is hot.
    this.commands.defineCommand('agenthubPublishRunEvent', { numberOfKeys: 2, lua: PUBLISH_SCRIPT });
    this.commands.defineCommand('agenthubResumeRunSequence', {
      numberOfKeys: 1,
      lua: RESUME_SEQUENCE_SCRIPT,
    });
  }

  async publish(runId: string, event: RunEvent): Promise<string> {
    const ttl = event.type === 'done' ? this.options.settings.eventsTtlSec : RUNNING_TTL_SEC;
    const seq = await (this.commands as ScriptedRedis).agenthubPublishRunEvent(
      this.streamKey(runId),
      this.seqKey(runId),
      this.options.settings.eventsMaxLen,
      JSON.stringify(event),
      ttl,
    );
    return String(seq);
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
            if (seq > after + 1 && after > 0)
              this.logger.warn(
                `Run ${runId}: events ${after + 1}..${seq - 1} were trimmed (MAXLEN) before replay`,
              );
            const event = JSON.parse(fieldValue(fields, 'e')) as RunEvent;
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

  async resumeSequence(runId: string, lastId: string): Promise<void> {
    const last = parseEventId(lastId, 'lastId');
    await (this.commands as ScriptedRedis).agenthubResumeRunSequence(
      this.seqKey(runId),
      last,
      RUNNING_TTL_SEC,
    );
  }

  async close(): Promise<void> {
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

function fieldValue(fields: string[], name: string): string {
  for (let i = 0; i < fields.length; i += 2) if (fields[i] === name) return fields[i + 1];
  throw new Error(`Run event entry without field ${name}`);
}
