import type { WorkflowDefinitionInput } from '@agenthub/contracts';
import { RunService } from '../../src/runtime/run.service';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { collect, insertAgent, ofType } from './runtime.fixtures';

const codeWorkflow = (code: string): WorkflowDefinitionInput => ({
  schemaVersion: 1,
  entry: 'calc',
  nodes: [{ id: 'calc', type: 'code', config: { code } }],
  edges: [{ from: 'calc', to: '__end__' }],
});

describe('Code node output cap (CODE_OUTPUT_MAX_BYTES)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { CODE_OUTPUT_MAX_BYTES: '4096' } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('fails a code node whose result is larger than the setting with code_output_too_large', async () => {
    const dev = await t.createUser(['developer']);
    const agentId = await insertAgent(t, dev.id);
    const runs = t.app.get(RunService);
    const run = (code: string) =>
      collect(runs.runDraft({ definition: codeWorkflow(code), input: 'x', agentId, userId: dev.id }));

    const tooLarge = await run('return "y".repeat(5000)');
    expect(tooLarge.at(-1)).toMatchObject({ type: 'done', data: { status: 'failed' } });
    expect(ofType(tooLarge, 'error')[0].data).toMatchObject({
      code: 'code_output_too_large',
      nodeId: 'calc',
    });
    // Nothing of the oversized value travelled through the events.
    expect(JSON.stringify(tooLarge).length).toBeLessThan(4000);

    const fits = await run('return "y".repeat(3000)');
    expect(fits.at(-1)).toMatchObject({ type: 'done', data: { status: 'completed' } });
  });
});
