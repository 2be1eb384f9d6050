import { startMcpTestServer, type McpTestServer } from '@agenthub/testkit';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { describeWithRedis } from '../helpers/test-redis';
import { auth, type Cast, createCast } from './integration-fixtures';

/** The periodic MCP health round runs in the API process whatever the queue mode. */
function describeHealthRound(mode: 'inline' | 'bullmq', describeFn: jest.Describe = describe): void {
  describeFn(`MCP periodic health check (${mode} queue)`, () => {
    let t: TestApp;
    let cast: Cast;
    let mcp: McpTestServer;

    beforeAll(async () => {
      mcp = await startMcpTestServer();
      t = await createTestApp({
        redis: mode === 'bullmq',
        env: {
          ALLOW_PRIVATE_NETWORK: 'true',
          MCP_HEALTH_INTERVAL_MS: '200',
          ...(mode === 'bullmq' ? { QUEUE_MODE: 'bullmq' } : {}),
        },
      });
      cast = await createCast(t);
    });
    afterAll(async () => {
      await t?.close();
      await mcp?.close();
    });

    it('re-checks registered servers on its own', async () => {
      const res = await t
        .http()
        .post('/api/mcp-servers')
        .set(auth(cast.dev))
        .send({ name: `health-${mode}`, url: mcp.url });
      expect(res.status).toBe(201);
      await t.db.query(`UPDATE mcp_servers SET status = 'unknown', last_health_check = NULL WHERE id = $1`, [
        res.body.id,
      ]);
      const deadline = Date.now() + 5000;
      let status = 'unknown';
      while (Date.now() < deadline && status !== 'healthy') {
        await new Promise((r) => setTimeout(r, 100));
        const [row] = await t.db.query<{ status: string }>(`SELECT status FROM mcp_servers WHERE id = $1`, [
          res.body.id,
        ]);
        status = row.status;
      }
      expect(status).toBe('healthy');
    });
  });
}

describeHealthRound('inline');
describeHealthRound('bullmq', describeWithRedis as jest.Describe);
