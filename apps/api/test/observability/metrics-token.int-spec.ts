import { HealthService } from '../../src/observability/health.service';
import { MetricsService } from '../../src/observability/metrics.service';
import { startWorkerHttpServer } from '../../src/observability/worker-http.server';
import { bearer, createTestApp, type TestApp } from '../helpers/test-app';

const TOKEN = 'scrape-token-0123456789abcdef';

describe('/metrics protected by METRICS_TOKEN', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { METRICS_TOKEN: TOKEN } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers 401 without the token or with a wrong one (user credentials included), 200 with it', async () => {
    const none = await t.http().get('/metrics');
    expect(none.status).toBe(401);
    expect(none.body.code).toBe('metrics_unauthorized');
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(none.text).not.toContain('http_request_duration_seconds');

    expect(
      (
        await t
          .http()
          .get('/metrics')
          .set('Authorization', bearer(`${TOKEN}x`))
      ).status,
    ).toBe(401);
    expect((await t.http().get('/metrics').set('Authorization', TOKEN)).status).toBe(401);
    const admin = await t.createUser(['admin']);
    expect((await t.http().get('/metrics').set('Authorization', bearer(admin.accessToken))).status).toBe(401);

    const ok = await t.http().get('/metrics').set('Authorization', bearer(TOKEN));
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('http_request_duration_seconds');
    // Health probes stay open.
    expect((await t.http().get('/api/health')).status).toBe(200);
  });

  it('protects the worker listener the same way', async () => {
    const http = await startWorkerHttpServer(
      { metrics: t.app.get(MetricsService), health: t.app.get(HealthService) },
      { port: 0, host: '127.0.0.1', metricsToken: TOKEN },
    );
    try {
      const base = `http://127.0.0.1:${http.port}`;
      expect((await fetch(`${base}/metrics`)).status).toBe(401);
      expect((await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer nope' } })).status).toBe(
        401,
      );
      const ok = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(ok.status).toBe(200);
      expect((await fetch(`${base}/health`)).status).toBe(200);
    } finally {
      await http.close();
    }
  });

  it('is refused at boot when too short to be a secret', async () => {
    await expect(createTestApp({ env: { METRICS_TOKEN: 'short' } })).rejects.toThrow(/METRICS_TOKEN/);
  });
});
