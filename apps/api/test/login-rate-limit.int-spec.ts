import { Redis } from 'ioredis';
import { createTestApp, type TestApp } from './helpers/test-app';
import { describeWithRedis, TEST_REDIS_URL } from './helpers/test-redis';

// TRUST_PROXY lets each test pose as a different client through X-Forwarded-For.
const LIMITS = {
  TRUST_PROXY: 'true',
  LOGIN_RATE_LIMIT_PER_ACCOUNT: '3',
  LOGIN_RATE_LIMIT_PER_IP: '5',
  LOGIN_RATE_LIMIT_WINDOW: '15m',
};

/** The same behaviour with counters in Redis (distributed mode) and in memory (embedded mode). */
const suite =
  ({ redis }: { redis: boolean }) =>
  () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ redis, env: LIMITS });
    });
    afterAll(async () => {
      await t.close();
    });

    const login = (email: string, password: string, ip = '10.0.0.1') =>
      t.http().post('/api/auth/login').set('X-Forwarded-For', ip).send({ email, password });

    it('answers 429 with Retry-After after too many failures for one account, even with the right password', async () => {
      const user = await t.createUser();
      for (let i = 0; i < 3; i++)
        expect((await login(user.email, 'wrong-password', `10.1.0.${i}`)).status).toBe(401);
      const blocked = await login(user.email, user.password, '10.1.0.99');
      expect(blocked.status).toBe(429);
      expect(blocked.body.code).toBe('rate_limited');
      const retryAfter = Number(blocked.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    });

    it('limits one IP guessing across many accounts', async () => {
      for (let i = 0; i < 5; i++)
        expect((await login(`spray${i}@example.test`, 'guess-guess', '10.2.0.1')).status).toBe(401);
      const blocked = await login('spray-next@example.test', 'guess-guess', '10.2.0.1');
      expect(blocked.status).toBe(429);
      // Another client is not affected.
      expect((await login('spray-next@example.test', 'guess-guess', '10.2.0.2')).status).toBe(401);
    });

    it('forgets earlier failures of an account after a successful login', async () => {
      const user = await t.createUser();
      for (let i = 0; i < 2; i++) await login(user.email, 'wrong-password', '10.3.0.1');
      expect((await login(user.email, user.password, '10.3.0.1')).status).toBe(200);
      for (let i = 0; i < 2; i++)
        expect((await login(user.email, 'wrong-password', '10.3.0.1')).status).toBe(401);
      expect((await login(user.email, user.password, '10.3.0.1')).status).toBe(200);
    });

    if (redis) {
      it('keeps its counters in Redis under the configured key prefix', async () => {
        await login('counted@example.test', 'wrong-password', '10.4.0.1');
        const client = new Redis(TEST_REDIS_URL);
        try {
          const keys = await client.keys(`${t.redisPrefix}login-fail:*`);
          expect(keys).toEqual(
            expect.arrayContaining([
              `${t.redisPrefix}login-fail:account:counted@example.test`,
              `${t.redisPrefix}login-fail:ip:10.4.0.1`,
            ]),
          );
          expect(await client.ttl(`${t.redisPrefix}login-fail:ip:10.4.0.1`)).toBeGreaterThan(0);
        } finally {
          client.disconnect();
        }
      });
    }
  };

describeWithRedis('login brute-force limit (counters in Redis)', suite({ redis: true }));
describe('login brute-force limit (counters in memory)', suite({ redis: false }));
