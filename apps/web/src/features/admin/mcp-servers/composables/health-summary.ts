import type { McpHealthCheck } from '@agenthub/contracts';

export interface HealthSummary {
  checks: number;
  okShare: number | null;
  p50LatencyMs: number | null;
}

/** Share of healthy checks and the median latency of a server's kept health history. */
export function healthSummary(history: McpHealthCheck[]): HealthSummary {
  if (history.length === 0) return { checks: 0, okShare: null, p50LatencyMs: null };
  const sorted = history.map((c) => c.latencyMs).sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const p50 = sorted.length % 2 ? sorted[mid]! : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2);
  return {
    checks: history.length,
    okShare: history.filter((c) => c.ok).length / history.length,
    p50LatencyMs: p50,
  };
}
