import { ConfigError } from '../config/config.schema.js';
import { parseQueueSettings } from './queue-settings.js';

describe('parseQueueSettings', () => {
  it('applies the documented defaults', () => {
    expect(parseQueueSettings({})).toMatchObject({
      concurrency: 8,
      runTimeoutMs: 600_000,
      lockDurationMs: 30_000,
      stalledIntervalMs: 30_000,
      eventsMaxLen: 10_000,
      eventsTtlSec: 3600,
    });
  });

  it('lists every invalid variable at once', () => {
    try {
      parseQueueSettings({ RUN_CONCURRENCY: '0', QUEUE_STALLED_INTERVAL_MS: 'soon' });
      throw new Error('expected a ConfigError');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const problems = (err as ConfigError).problems.join('\n');
      expect(problems).toMatch(/RUN_CONCURRENCY/);
      expect(problems).toMatch(/QUEUE_STALLED_INTERVAL_MS/);
    }
  });
});
