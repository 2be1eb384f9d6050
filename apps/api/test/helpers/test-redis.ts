import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';

let available: Promise<boolean> | undefined;

/** Whether the test Redis answers. Under CI=true a missing Redis is an error, never a skip. */
export function redisAvailable(): Promise<boolean> {
  available ??= (async () => {
    const client = new Redis(TEST_REDIS_URL, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      connectTimeout: 1000,
      retryStrategy: () => null,
    });
    try {
      await client.connect();
      await client.ping();
      return true;
    } catch {
      if (process.env.CI === 'true')
        throw new Error(`Redis is required in CI but ${TEST_REDIS_URL} does not answer`);
      return false;
    } finally {
      client.disconnect();
    }
  })();
  return available;
}

export function uniqueRedisPrefix(): string {
  return `agenthub_test_${randomBytes(6).toString('hex')}:`;
}

/** Deletes every key under `prefix` (SCAN, not KEYS, to stay friendly to a shared server). */
export async function deleteRedisKeys(prefix: string): Promise<void> {
  const client = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length) await client.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    client.disconnect();
  }
}

/**
 * `describe` for suites that need Redis. `npm test` sets AGENTHUB_SKIP_REDIS_TESTS=1 when no
 * Redis is reachable on a developer machine: the suite is then reported as skipped, loudly, in
 * its title. In CI a missing Redis fails instead of skipping.
 */
export const describeWithRedis: jest.Describe = (() => {
  if (process.env.AGENTHUB_SKIP_REDIS_TESTS !== '1') return describe;
  if (process.env.CI === 'true') throw new Error('Redis is required in CI (AGENTHUB_SKIP_REDIS_TESTS=1)');
  process.stderr.write('\n!!! Redis is not reachable: Redis-backed API tests are SKIPPED !!!\n\n');
  const skipped = ((name: string, fn: () => void) =>
    describe.skip(`${name} [SKIPPED: no Redis reachable]`, fn)) as jest.Describe;
  return Object.assign(skipped, describe, { each: describe.skip.each });
})();
