import { ConfigError } from '../config/config.schema';
import { parseRuntimeSettings } from './runtime-settings';

describe('parseRuntimeSettings', () => {
  it('uses the defaults when nothing is set (blank counts as unset)', () => {
    expect(parseRuntimeSettings({ RUN_TIMEOUT_MS: ' ' })).toEqual({
      runTimeoutMs: 600_000,
      checkpointRetentionDays: 7,
      checkpointRetentionIntervalMs: 86_400_000,
      codeOutputMaxBytes: 1024 * 1024,
    });
  });

  it('reads given values', () => {
    expect(
      parseRuntimeSettings({
        RUN_TIMEOUT_MS: '5000',
        CHECKPOINT_RETENTION_DAYS: '30',
        CHECKPOINT_RETENTION_INTERVAL_MS: '0',
        CODE_OUTPUT_MAX_BYTES: '4096',
      }),
    ).toEqual({
      runTimeoutMs: 5000,
      checkpointRetentionDays: 30,
      checkpointRetentionIntervalMs: 0,
      codeOutputMaxBytes: 4096,
    });
  });

  it('lists every bad variable at once', () => {
    let error: unknown;
    try {
      parseRuntimeSettings({
        RUN_TIMEOUT_MS: 'soon',
        CHECKPOINT_RETENTION_DAYS: '0',
        CHECKPOINT_RETENTION_INTERVAL_MS: '-1',
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      expect.stringContaining('RUN_TIMEOUT_MS'),
      expect.stringContaining('CHECKPOINT_RETENTION_DAYS'),
      expect.stringContaining('CHECKPOINT_RETENTION_INTERVAL_MS'),
    ]);
  });
});
