import { Injectable, Optional } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { RunQueue } from '../queue/run-queue.port.js';
import { activeSseStreams } from '../common/sse.util.js';

const DURATION_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

/**
 * One registry per application instance, so several apps in one process (tests) do not collide.
 * Run metrics are recorded where runs end, so with QUEUE_MODE=bullmq they land in the worker's
 * registry (each process exposes its own; Prometheus sums them).
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration in seconds, by method, route pattern and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly runsTotal = new Counter({
    name: 'agenthub_runs_total',
    help: 'Runs that reached a final state, by status',
    labelNames: ['status'] as const,
    registers: [this.registry],
  });
  readonly runDuration = new Histogram({
    name: 'agenthub_run_duration_seconds',
    help: 'Wall time from a run start to its final state',
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });
  readonly nodeDuration = new Histogram({
    name: 'agenthub_node_duration_seconds',
    help: 'Duration of one node execution, by node kind',
    labelNames: ['kind'] as const,
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });
  readonly tokensTotal = new Counter({
    name: 'agenthub_tokens_total',
    help: 'LLM tokens used by runs, by direction',
    labelNames: ['direction'] as const,
    registers: [this.registry],
  });

  constructor(@Optional() queue?: RunQueue) {
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'agenthub_sse_streams_active',
      help: 'Server-sent event streams open in this process',
      registers: [this.registry],
      collect() {
        this.set(activeSseStreams());
      },
    });
    // Absent in a process without a queue (worker in inline mode): no gauge rather than a fake 0.
    if (queue)
      new Gauge({
        name: 'agenthub_queue_jobs',
        help: 'Run queue jobs, by state (shared queue: every replica reports the same numbers)',
        labelNames: ['state'] as const,
        registers: [this.registry],
        async collect() {
          try {
            const counts = await queue.counts();
            this.set({ state: 'waiting' }, counts.waiting);
            this.set({ state: 'active' }, counts.active);
          } catch {
            // Queue unreachable: keep the last values; /api/health reports the outage.
          }
        },
      });
  }

  /** A node ended (completed or failed). */
  recordNode(kind: string, durationMs: number | null): void {
    if (durationMs !== null) this.nodeDuration.observe({ kind }, durationMs / 1000);
  }

  recordTokens(promptTokens: number, completionTokens: number): void {
    if (promptTokens > 0) this.tokensTotal.inc({ direction: 'prompt' }, promptTokens);
    if (completionTokens > 0) this.tokensTotal.inc({ direction: 'completion' }, completionTokens);
  }

  /** A run reached a final state; `startedAt` null when it never started (cancelled while queued). */
  recordRunEnd(status: string, startedAt: Date | null, completedAt: Date | null): void {
    this.runsTotal.inc({ status });
    if (startedAt && completedAt)
      this.runDuration.observe(Math.max(0, (completedAt.getTime() - startedAt.getTime()) / 1000));
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
