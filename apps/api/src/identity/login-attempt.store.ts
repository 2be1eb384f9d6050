import type { Redis } from 'ioredis';

export interface AttemptCount {
  count: number;
  /** Seconds until the window resets (0 when there is no counter). */
  resetInSec: number;
}

/** Counts failed logins per key over a fixed window. */
export interface LoginAttemptStore {
  get(key: string): Promise<AttemptCount>;
  increment(key: string, windowSec: number): Promise<AttemptCount>;
  clear(key: string): Promise<void>;
}

/** Single-process fallback when Redis is not configured (embedded mode). */
export class MemoryLoginAttemptStore implements LoginAttemptStore {
  private readonly counters = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly now: () => number = Date.now,
    /** Beyond this many keys expired ones are swept, so a flood of random emails cannot grow memory forever. */
    private readonly sweepAbove = 10_000,
  ) {}

  async get(key: string): Promise<AttemptCount> {
    const entry = this.counters.get(key);
    const now = this.now();
    if (!entry || entry.resetAt <= now) return { count: 0, resetInSec: 0 };
    return { count: entry.count, resetInSec: Math.ceil((entry.resetAt - now) / 1000) };
  }

  async increment(key: string, windowSec: number): Promise<AttemptCount> {
    const now = this.now();
    let entry = this.counters.get(key);
    if (!entry || entry.resetAt <= now) {
      if (this.counters.size >= this.sweepAbove) this.sweep(now);
      entry = { count: 0, resetAt: now + windowSec * 1000 };
      this.counters.set(key, entry);
    }
    entry.count += 1;
    return { count: entry.count, resetInSec: Math.ceil((entry.resetAt - now) / 1000) };
  }

  async clear(key: string): Promise<void> {
    this.counters.delete(key);
  }

  private sweep(now: number): void {
    for (const [key, entry] of this.counters) if (entry.resetAt <= now) this.counters.delete(key);
  }
}

/** Shared by every API replica, so the limit holds however requests are balanced. */
export class RedisLoginAttemptStore implements LoginAttemptStore {
  constructor(private readonly redis: Redis) {}

  async get(key: string): Promise<AttemptCount> {
    const [[, count], [, ttl]] = (await this.redis.multi().get(key).ttl(key).exec()) as [
      [unknown, string | null],
      [unknown, number],
    ];
    return { count: Number(count ?? 0), resetInSec: Math.max(0, ttl) };
  }

  async increment(key: string, windowSec: number): Promise<AttemptCount> {
    // SET NX EX starts the window on the first failure only; INCR then counts within it.
    const result = (await this.redis
      .multi()
      .set(key, '0', 'EX', windowSec, 'NX')
      .incr(key)
      .ttl(key)
      .exec()) as [[unknown, unknown], [unknown, number], [unknown, number]];
    return { count: result[1][1], resetInSec: Math.max(0, result[2][1]) };
  }

  async clear(key: string): Promise<void> {
    await this.redis.del(key);
  }
}
