import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HealthService } from './health.service.js';
import { metricsScrapeAllowed } from './metrics-auth.util.js';
import type { MetricsService } from './metrics.service.js';

/**
 * The worker's HTTP listener: a worker has no Nest HTTP server, yet its registry holds the run,
 * node and token metrics of the runs it executes (they are recorded where runs end), so
 * Prometheus scrapes each worker here. `GET /metrics` (the process's prom-client registry) and
 * `GET /health` (same checks and body as the API's `/api/health`: 200, or 503 naming what is down).
 * Plain node:http on purpose: two read-only routes; /metrics needs the METRICS_TOKEN bearer when
 * one is set, /health is open (bind the listener to a private interface).
 */
export async function startWorkerHttpServer(
  deps: { metrics: MetricsService; health: HealthService },
  options: { port: number; host: string; metricsToken?: string },
): Promise<{ server: Server; port: number; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return send(405, 'text/plain; charset=utf-8', 'Method not allowed\n');
    }
    const handle = async () => {
      if (path === '/metrics') {
        if (!metricsScrapeAllowed(req.headers.authorization, options.metricsToken)) {
          res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
          return send(401, 'text/plain; charset=utf-8', 'A valid metrics token is required\n');
        }
        return send(200, deps.metrics.contentType, await deps.metrics.render());
      }
      if (path === '/health') {
        const report = await deps.health.check();
        return send(report.status === 'ok' ? 200 : 503, 'application/json', JSON.stringify(report));
      }
      send(404, 'text/plain; charset=utf-8', 'Not found: the worker serves /metrics and /health\n');
    };
    handle().catch(() => {
      if (!res.headersSent) send(500, 'text/plain; charset=utf-8', 'Internal error\n');
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
