import { describe, expect, it } from 'vitest';
import { healthSummary } from './health-summary';

const check = (ok: boolean, latencyMs: number) => ({
  ok,
  latencyMs,
  error: null,
  checkedAt: '2026-01-01T00:00:00Z',
});

describe('health summary', () => {
  it('is empty without checks', () => {
    expect(healthSummary([])).toEqual({ checks: 0, okShare: null, p50LatencyMs: null });
  });

  it('gives the healthy share and the median latency (odd and even counts)', () => {
    expect(healthSummary([check(true, 30), check(false, 10), check(true, 20)])).toEqual({
      checks: 3,
      okShare: 2 / 3,
      p50LatencyMs: 20,
    });
    expect(
      healthSummary([check(true, 10), check(true, 40), check(true, 20), check(true, 30)]).p50LatencyMs,
    ).toBe(25);
  });
});
