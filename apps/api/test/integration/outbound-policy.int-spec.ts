import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RunEvent, WorkflowDefinitionInput } from '@agenthub/contracts';
import { ConfigError, parseSettings } from '../../src/config/config.schema';
import { RunService } from '../../src/runtime/run.service';
import { bearer, createTestApp, type TestApp, type TestUser } from '../helpers/test-app';
import { collect, insertAgent, ofType } from '../runtime/runtime.fixtures';

const fetchWorkflow = (url: string): WorkflowDefinitionInput => ({
  schemaVersion: 1,
  entry: 'call',
  nodes: [{ id: 'call', type: 'http_request', config: { url } }],
  edges: [{ from: 'call', to: '__end__' }],
});

/**
 * An internal service on every loopback address: 127.0.0.1 stands for the one internal host an
 * admin allows, 127.0.0.2 for any other private address.
 */
function startInternalService(): Promise<{ server: Server; port: number; hits: string[] }> {
  const hits: string[] = [];
  return new Promise((resolve) => {
    const server = createServer((req, res) => {
      hits.push(`${req.socket.localAddress?.replace(/^::ffff:/, '')} ${req.url}`);
      const port = (server.address() as AddressInfo).port;
      if (req.url === '/hop') {
        res.writeHead(302, { location: `http://127.0.0.2:${port}/ok` }).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    server.listen(0, '0.0.0.0', () =>
      resolve({ server, port: (server.address() as AddressInfo).port, hits }),
    );
  });
}

describe('Outbound allow-list (OUTBOUND_ALLOW_HOSTS and the admin setting)', () => {
  let service: { server: Server; port: number; hits: string[] };
  beforeAll(async () => {
    service = await startInternalService();
  });
  afterAll(async () => {
    await new Promise((r) => service.server.close(r));
  });

  describe('admin setting', () => {
    let t: TestApp;
    let admin: TestUser;
    beforeAll(async () => {
      t = await createTestApp({ env: { ALLOW_PRIVATE_NETWORK: 'false' } });
      admin = await t.createUser(['admin']);
    });
    afterAll(async () => {
      await t.close();
    });

    const run = async (url: string): Promise<RunEvent[]> => {
      const dev = await t.createUser(['developer']);
      const agentId = await insertAgent(t, dev.id);
      return collect(
        t.app
          .get(RunService)
          .runDraft({ definition: fetchWorkflow(url), input: 'x', agentId, userId: dev.id }),
      );
    };

    it('is admin-only, validates entries with field paths and is audited', async () => {
      expect((await t.http().get('/api/admin/outbound-policy')).status).toBe(401);
      for (const roles of [['user'], ['developer']] as const) {
        const u = await t.createUser([...roles]);
        const get = await t
          .http()
          .get('/api/admin/outbound-policy')
          .set('Authorization', bearer(u.accessToken));
        expect(get.status).toBe(403);
        const put = await t
          .http()
          .put('/api/admin/outbound-policy')
          .set('Authorization', bearer(u.accessToken))
          .send({ allowHosts: ['127.0.0.1'] });
        expect(put.status).toBe(403);
      }
      const bad = await t
        .http()
        .put('/api/admin/outbound-policy')
        .set('Authorization', bearer(admin.accessToken))
        .send({ allowHosts: ['10.0.0.0/8', 'http://x/', '300.1.1.1'] });
      expect(bad.status).toBe(400);
      expect(bad.body.code).toBe('validation_failed');
      expect(bad.body.details.map((d: { path: string }) => d.path)).toEqual([
        'body.allowHosts.1',
        'body.allowHosts.2',
      ]);

      const initial = await t
        .http()
        .get('/api/admin/outbound-policy')
        .set('Authorization', bearer(admin.accessToken));
      expect(initial.body).toEqual({
        allowHosts: [],
        envAllowHosts: [],
        allowPrivateNetwork: false,
        updatedAt: null,
      });
    });

    it('lets an allowed private host be reached, refuses others with ssrf_blocked, also after a redirect', async () => {
      const allowed = `http://127.0.0.1:${service.port}/ok`;
      // Before the admin allows it, the internal host is refused like any private address.
      const before = await run(allowed);
      expect(before.at(-1)).toMatchObject({ type: 'done', data: { status: 'failed' } });
      expect(ofType(before, 'error')[0].data.code).toBe('ssrf_blocked');

      const put = await t
        .http()
        .put('/api/admin/outbound-policy')
        .set('Authorization', bearer(admin.accessToken))
        .send({ allowHosts: [' 127.0.0.1 ', '*.corp.example'] });
      expect(put.status).toBe(200);
      expect(put.body).toMatchObject({
        allowHosts: ['127.0.0.1', '*.corp.example'],
        allowPrivateNetwork: false,
      });
      expect(put.body.updatedAt).toEqual(expect.any(String));
      const audit = await t.db.query<{ actor_id: string }>(
        `SELECT actor_id FROM audit_logs WHERE action = 'outbound_policy.updated'`,
      );
      expect(audit).toEqual([{ actor_id: admin.id }]);

      const ok = await run(allowed);
      expect(ok.at(-1)).toMatchObject({ type: 'done', data: { status: 'completed' } });
      expect(service.hits).toEqual(['127.0.0.1 /ok']);

      const other = await run(`http://127.0.0.2:${service.port}/ok`);
      expect(other.at(-1)).toMatchObject({ type: 'done', data: { status: 'failed' } });
      expect(ofType(other, 'error')[0].data.code).toBe('ssrf_blocked');

      // The allowed host redirects to a private address that is not allowed: refused at that hop.
      const redirected = await run(`http://127.0.0.1:${service.port}/hop`);
      expect(redirected.at(-1)).toMatchObject({ type: 'done', data: { status: 'failed' } });
      expect(ofType(redirected, 'error')[0].data).toMatchObject({ code: 'ssrf_blocked' });
      expect(ofType(redirected, 'error')[0].data.message).toContain('127.0.0.2');
      // Only the allowed host was ever reached.
      expect(service.hits).toEqual(['127.0.0.1 /ok', '127.0.0.1 /hop']);
    });
  });

  describe('OUTBOUND_ALLOW_HOSTS', () => {
    it('is validated at boot, listing the bad entry', () => {
      expect(() =>
        parseSettings({ NODE_ENV: 'test', OUTBOUND_ALLOW_HOSTS: 'mcp.internal, not a host' }),
      ).toThrow(ConfigError);
      expect(
        parseSettings({ NODE_ENV: 'test', OUTBOUND_ALLOW_HOSTS: 'MCP.internal, 10.1.0.0/16,fd00::/8' })
          .outboundAllowHosts,
      ).toEqual(['mcp.internal', '10.1.0.0/16', 'fd00::/8']);
    });

    it('allows the listed hosts when a URL is saved, and still refuses the others', async () => {
      const t = await createTestApp({
        env: { ALLOW_PRIVATE_NETWORK: 'false', OUTBOUND_ALLOW_HOSTS: '127.0.0.1' },
      });
      try {
        const admin = await t.createUser(['admin']);
        const create = (name: string, url: string) =>
          t
            .http()
            .post('/api/mcp-servers')
            .set('Authorization', bearer(admin.accessToken))
            .send({ name, url });
        const allowed = await create('internal', `http://127.0.0.1:${service.port}/mcp`);
        expect(allowed.status).toBe(201);
        const refused = await create('other', `http://127.0.0.2:${service.port}/mcp`);
        expect(refused.status).toBe(400);
        expect(refused.body.code).toBe('ssrf_blocked');
        const policy = await t
          .http()
          .get('/api/admin/outbound-policy')
          .set('Authorization', bearer(admin.accessToken));
        expect(policy.body).toMatchObject({ envAllowHosts: ['127.0.0.1'], allowHosts: [] });
      } finally {
        await t.close();
      }
    });
  });
});
