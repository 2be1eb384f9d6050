import type { NodeTypeDescriptor, WorkflowTemplateSummary } from '@agenthub/contracts';
import {
  collectRun,
  compileWorkflow,
  createMcpToolResolver,
  createPostgresCheckpointer,
  DEMO_LABEL,
  DemoModel,
  runWorkflow,
  setupCheckpointer,
} from '@agenthub/engine';
import { startMcpTestServer } from '@agenthub/testkit';
import { Pool } from 'pg';
import { NodeTypeService } from '../../src/catalog/node-type.service';
import { SEED_TEMPLATES } from '../../src/catalog/seed-templates';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { type Cast, createCast, send } from './catalog-test.util';

/** What a user types to each template; the customer service one asks to escalate (human step). */
const INPUTS: Record<string, string> = {
  'customer-service-bot': 'I want to escalate a complaint about a double charge',
  writer: 'Why cities should plant more trees',
  'data-analyst': 'Sales this week were 12, 15, 9 and 20 units; how are we doing?',
  'web-searcher': 'search for the LangGraph release notes',
  'multi-agent-code-review': 'function add(a, b) { return a + b }',
  translator: 'Bonjour tout le monde',
};

describe('catalog: the seeded templates', () => {
  let t: TestApp;
  let cast: Cast;
  let pool: Pool;
  let mcp: Awaited<ReturnType<typeof startMcpTestServer>>;
  let nodeTypes: NodeTypeDescriptor[];
  let seeded: WorkflowTemplateSummary[];
  beforeAll(async () => {
    t = await createTestApp();
    cast = await createCast(t);
    pool = new Pool({ connectionString: t.db.url, max: 2 });
    await setupCheckpointer(pool);
    mcp = await startMcpTestServer();
    nodeTypes = await t.app.get(NodeTypeService).listDescriptors();
    const res = await send(t, 'get', '/api/workflow-templates?pageSize=100', cast.developer).expect(200);
    seeded = res.body.items;
  });
  afterAll(async () => {
    await mcp?.close();
    await pool?.end();
    await t?.close();
  });

  it('offers all six starter templates as active to developers', () => {
    expect(seeded.map((s) => s.key).sort()).toEqual(SEED_TEMPLATES.map((s) => s.key).sort());
    expect(Object.keys(INPUTS).sort()).toEqual(SEED_TEMPLATES.map((s) => s.key).sort());
    expect(seeded.every((s) => s.status === 'active' && s.version === 1)).toBe(true);
    const byKey = Object.fromEntries(seeded.map((s) => [s.key, s]));
    expect(byKey['multi-agent-code-review'].complexity).toBe('complex');
    expect(byKey['customer-service-bot'].complexity).toBe('medium');
    expect(byKey.writer.complexity).toBe('simple');
    expect(byKey['web-searcher'].nodeTypes).toEqual(['agent']);
    expect(byKey['customer-service-bot'].nodeTypes).toEqual(['answer', 'classifier', 'human_input', 'llm']);
  });

  it.each(SEED_TEMPLATES.map((s) => s.key))(
    '%s: validates, instantiates with its defaults and runs to completion on the demo model',
    async (key) => {
      const template = seeded.find((s) => s.key === key)!;
      const validation = await send(
        t,
        'post',
        `/api/workflow-templates/${template.id}/validate`,
        cast.developer,
      );
      expect(validation.status).toBe(200);
      expect(validation.body.issues.filter((i: { severity: string }) => i.severity === 'error')).toEqual([]);
      expect(validation.body.valid).toBe(true);

      const instance = await send(
        t,
        'post',
        `/api/workflow-templates/${template.id}/instantiate`,
        cast.developer,
        {},
      );
      expect(instance.status).toBe(200);
      expect(instance.body.validation).toEqual({ valid: true, issues: [] });
      expect(JSON.stringify(instance.body.definition)).not.toContain('{{params.');

      const compiled = compileWorkflow(instance.body.definition, {
        nodeTypes,
        resolveModel: () => new DemoModel({ tokenDelayMs: 0 }),
        checkpointer: createPostgresCheckpointer(pool),
        resolveTools: (selection, { signal }) =>
          createMcpToolResolver({
            // The web searcher's default server name is "web": here it is the loopback MCP server.
            servers: { web: { url: mcp.url, transport: 'streamable_http' } },
            ssrf: { allowPrivateNetwork: true },
          })(selection, signal),
      });
      const threadId = `seed-${key}`;
      let run = await collectRun(runWorkflow(compiled, { input: INPUTS[key], threadId }));
      if (key === 'customer-service-bot') {
        // Escalation waits for the customer's approval, then hands off.
        expect(run.done?.status).toBe('paused');
        // …offered as Yes/No buttons; a typed "Yes, approved" counts as yes.
        expect(run.events.find((e) => e.type === 'interrupt')?.data).toMatchObject({
          nodeId: 'approve',
          choices: [
            { value: 'yes', label: 'Yes' },
            { value: 'no', label: 'No' },
          ],
          allowFreeText: false,
        });
        run = await collectRun(runWorkflow(compiled, { threadId, resume: { value: 'Yes, approved' } }));
        expect(run.text).toContain('Your case was passed to our support team at Acme');
      }
      expect(run.events.filter((e) => e.type === 'error')).toEqual([]);
      expect(run.done?.status).toBe('completed');
      expect(run.text.length).toBeGreaterThan(0);
      if (key === 'web-searcher') {
        expect(
          run.events.some((e) => e.type === 'tool' && (e.data as { name: string }).name === 'search'),
        ).toBe(true);
        expect(mcp.calls.search).toBeGreaterThan(0);
      }
      if (key === 'data-analyst') {
        expect(run.text).toContain(DEMO_LABEL);
        expect(run.text).toContain('"mean":14');
      }
    },
  );
});
