import { Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { AppConfig } from '../config/app-config.js';
import { DomainError } from '../common/domain-error.js';
import { InjectRedis } from '../redis/redis.module.js';
import {
  type LoginAttemptStore,
  MemoryLoginAttemptStore,
  RedisLoginAttemptStore,
} from './login-attempt.store.js';

/**
 * Brute-force protection for POST /auth/login: failed attempts are counted per account and per
 * client IP; past either limit, logins are refused with 429 and Retry-After until the window
 * ends — even with the right password, or guessing could continue undetected.
 */
@Injectable()
export class LoginRateLimiter {
  private readonly logger = new Logger(LoginRateLimiter.name);
  private readonly store: LoginAttemptStore;

  constructor(
    private readonly config: AppConfig,
    @InjectRedis() redis: Redis | null,
  ) {
    this.store = redis ? new RedisLoginAttemptStore(redis) : new MemoryLoginAttemptStore();
  }

  private keys(email: string, ip: string) {
    return { account: `login-fail:account:${email.toLowerCase()}`, ip: `login-fail:ip:${ip}` };
  }

  /** Throws 429 when the account or the IP is over its limit. */
  async assertAllowed(email: string, ip: string): Promise<void> {
    const keys = this.keys(email, ip);
    const { perAccount, perIp } = this.config.loginRateLimit;
    const none = { count: 0, resetInSec: 0 };
    const [account, byIp] = await this.safely(
      () => Promise.all([this.store.get(keys.account), this.store.get(keys.ip)]),
      [none, none],
    );
    const blockedFor = Math.max(
      account.count >= perAccount ? account.resetInSec : 0,
      byIp.count >= perIp ? byIp.resetInSec : 0,
    );
    if (blockedFor > 0) throw DomainError.rateLimited(blockedFor, 'Too many failed logins, try again later');
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    const keys = this.keys(email, ip);
    const { windowSec } = this.config.loginRateLimit;
    await this.safely(
      () =>
        Promise.all([
          this.store.increment(keys.account, windowSec),
          this.store.increment(keys.ip, windowSec),
        ]),
      undefined,
    );
  }

  /** A successful login clears the account counter (not the IP one: one good password on a shared IP must not reset a spray). */
  async recordSuccess(email: string, ip: string): Promise<void> {
    await this.safely(() => this.store.clear(this.keys(email, ip).account), undefined);
  }

  /**
   * A Redis outage must not lock everyone out of logging in: the limit fails open (logged),
   * while the rest of the API keeps working and /api/health reports Redis as down.
   */
  private async safely<T, F>(fn: () => Promise<T>, fallback: F): Promise<T | F> {
    try {
      return await fn();
    } catch (err) {
      this.logger.warn(`Login rate limit store unavailable: ${(err as Error).message}`);
      return fallback;
    }
  }
}
