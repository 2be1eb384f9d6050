import type { RunEvent } from '@agenthub/contracts';
import {
  type McpTestServer,
  type MockOpenAIServer,
  startMcpTestServer,
  startMockOpenAI,
} from '@agenthub/testkit';
import { RunService } from '../../src/runtime/run.service';
import { bearer, createTestApp, type TestApp, type TestUser } from '../helpers/test-app';
import { collect, insertAgent, LLM_ANSWER_WORKFLOW, ofType } from './runtime.fixtures';

/**
 * The runtime with the real integration module behind its ports: service configs and MCP
 * servers registered through the API, secrets decrypted only for the call.
 */
describe('runs through registered service configs and MCP servers', () => {
  let t: TestApp;
  let llm: MockOpenAIServer;
  let mcpServer: McpTestServer;
  let dev: TestUser;
  let otherDev: TestUser;
  let agentId: string;
  let configId: string;
  let runs: RunService;

  beforeAll(async () => {
    t = await createTestApp({ env: { ALLOW_PRIVATE_NETWORK: 'true' } });
    runs = t.app.get(RunService);
    llm = await startMockOpenAI({
      apiKey: 'sk-live-secret-1234',
      responder: () => ({ content: 'Paris.', usage: { prompt_tokens: 2000, completion_tokens: 100 } }),
    });
    mcpServer = await startMcpTestServer();
    [dev, otherDev] = await Promise.all([t.createUser(['developer']), t.createUser(['developer'])]);
    agentId = await insertAgent(t, dev.id);

    const providers = await t
      .http()
      .get('/api/providers')
      .set('Authorization', bearer(dev.accessToken))
      .expect(200);
    const provider = (providers.body.items as Array<{ id: string; kind: string }>).find(
      (p) => p.kind === 'openai_compatible',
    );
    const created = await t
      .http()
      .post('/api/service-configs')
      .set('Authorization', bearer(dev.accessToken))
      .send({
        providerId: provider!.id,
        name: 'My mock LLM',
        configData: { baseURL: llm.baseURL, apiKey: 'sk-live-secret-1234', model: 'mock-model' },
        pricingConfig: { inputPer1k: 0.5, outputPer1k: 2, currency: 'USD' },
      })
      .expect(201);
    configId = created.body.id as string;

    await t
      .http()
      .post('/api/mcp-servers')
      .set('Authorization', bearer(dev.accessToken))
      .send({ name: 'my-tools', url: mcpServer.url, transport: 'streamable_http' })
      .expect(201);
  });

  afterAll(async () => {
    await mcpServer?.close();
    await llm?.close();
    await t?.close();
  });

  it("runs a node on the owner's personal service config, costed from its pricing", async () => {
    const events = await collect(
      runs.runDraft({
        definition: LLM_ANSWER_WORKFLOW,
        input: 'Capital of France?',
        agentId,
        userId: dev.id,
        serviceOwnerId: dev.id,
        serviceDependencies: { think: { llm: configId } },
      }),
    );
    expect(events.at(-1)).toMatchObject({ type: 'done', data: { status: 'completed' } });
    // 2000 × $0.5/1K + 100 × $2/1K
    expect(ofType(events, 'done')[0].data.usage).toEqual({
      promptTokens: 2000,
      completionTokens: 100,
      costUsd: 1.2,
    });
    expect(llm.callCount).toBe(1);
    const runId = (events[0] as Extract<RunEvent, { type: 'run' }>).data.runId;
    const run = await t
      .http()
      .get(`/api/runs/${runId}`)
      .set('Authorization', bearer(dev.accessToken))
      .expect(200);
    expect(run.body.usage).toEqual({ promptTokens: 2000, completionTokens: 100, costUsd: 1.2 });
    const steps = await t
      .http()
      .get(`/api/runs/${runId}/steps`)
      .set('Authorization', bearer(dev.accessToken))
      .expect(200);
    expect(JSON.stringify([run.body, steps.body, events])).not.toContain('sk-live-secret-1234');
  });

  it("cannot use another developer's personal service config", async () => {
    const otherAgent = await insertAgent(t, otherDev.id);
    const events = await collect(
      runs.runDraft({
        definition: LLM_ANSWER_WORKFLOW,
        input: 'x',
        agentId: otherAgent,
        userId: otherDev.id,
        serviceOwnerId: otherDev.id,
        serviceDependencies: { think: { llm: configId } },
      }),
    );
    expect(events.at(-1)).toMatchObject({ type: 'done', data: { status: 'failed' } });
    expect(ofType(events, 'error')[0].data).toMatchObject({
      code: 'service_config_not_found',
      nodeId: 'think',
    });
  });

  it("calls the owner's registered MCP server by name and updates its call statistics", async () => {
    const definition = {
      schemaVersion: 1,
      entry: 'call',
      nodes: [
        { id: 'call', type: 'tool_call', config: { server: 'my-tools', tool: 'add', args: { a: 2, b: 3 } } },
      ],
      edges: [{ from: 'call', to: '__end__' }],
    };
    const events = await collect(runs.runDraft({ definition, input: 'x', agentId, userId: dev.id }));
    expect(events.at(-1)).toMatchObject({ type: 'done', data: { status: 'completed' } });
    expect(mcpServer.calls.add).toBe(1);
    // Statistics are recorded without blocking the run: wait for the write.
    let stats: Array<{ calls_total: string; calls_succeeded: string }> = [];
    for (let i = 0; i < 40; i++) {
      stats = await t.db.query(
        `SELECT calls_total, calls_succeeded FROM mcp_servers WHERE name = 'my-tools'`,
      );
      if (stats[0]?.calls_total === '1') break;
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(stats[0]).toEqual({ calls_total: '1', calls_succeeded: '1' });

    // Another developer's run does not see this personal server.
    const otherAgent = await insertAgent(t, otherDev.id);
    const denied = await collect(
      runs.runDraft({ definition, input: 'x', agentId: otherAgent, userId: otherDev.id }),
    );
    expect(ofType(denied, 'error')[0].data.code).toBe('tool_not_found');
  });
});
