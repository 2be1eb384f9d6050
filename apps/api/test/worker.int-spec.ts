import { randomBytes } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { Writable } from 'node:stream';
import { DataSource } from 'typeorm';
import { AppConfig } from '../src/config/app-config';
import { parseSettings } from '../src/config/config.schema';
import { REDIS } from '../src/redis/redis.module';
import { WorkerModule } from '../src/worker.module';
import { createTestDatabase } from './helpers/test-database';
import { describeWithRedis, deleteRedisKeys, TEST_REDIS_URL, uniqueRedisPrefix } from './helpers/test-redis';

const quiet = new Writable({ write: (_c, _e, done) => done() });

function workerConfig(databaseUrl: string, env: Record<string, string>): AppConfig {
  const settings = parseSettings({
    DATABASE_URL: databaseUrl,
    MASTER_KEY: randomBytes(32).toString('hex'),
    ...env,
  });
  return new AppConfig(settings, { databaseUrl, masterKey: settings.masterKey!, embedded: false });
}

describeWithRedis('worker context', () => {
  it('boots config, database (with migrations) and Redis without HTTP, and closes them', async () => {
    const db = await createTestDatabase();
    const prefix = uniqueRedisPrefix();
    try {
      const config = workerConfig(db.url, { REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: prefix });
      const ctx = await NestFactory.createApplicationContext(
        WorkerModule.forRoot({ config, logDestination: quiet }),
        { logger: false },
      );
      await ctx.init();
      const dataSource = ctx.get(DataSource);
      expect(
        (await dataSource.query(`SELECT count(*)::int AS n FROM typeorm_migrations`))[0].n,
      ).toBeGreaterThan(0);
      const redis = ctx.get(REDIS);
      expect(await redis.ping()).toBe('PONG');
      await ctx.close();
      expect(dataSource.isInitialized).toBe(false);
      expect(redis.status).toBe('end');
    } finally {
      await db.drop();
      await deleteRedisKeys(prefix);
    }
  });
});
