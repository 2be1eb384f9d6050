import { DEMO_LABEL } from '@agenthub/engine';
import type { WorkflowDefinitionInput } from '@agenthub/contracts';
import { RunService } from '../../src/runtime/run.service';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { collect, insertAgent, ofType } from './runtime.fixtures';

/** draft → review → polish, each an llm step fed the previous step's output, all streamed. */
const THREE_STEPS: WorkflowDefinitionInput = {
  schemaVersion: 1,
  entry: 'draft',
  nodes: [
    { id: 'draft', type: 'llm', config: { prompt: '{{input}}', stream: true } },
    { id: 'review', type: 'llm', config: { prompt: 'Review: {{nodes.draft.output}}', stream: true } },
    { id: 'polish', type: 'llm', config: { prompt: '{{nodes.review.output}}', stream: true } },
  ],
  edges: [
    { from: 'draft', to: 'review' },
    { from: 'review', to: 'polish' },
    { from: 'polish', to: '__end__' },
  ],
};

describe('Offline demo model in a multi-step agent (fresh install default)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers each step once and briefly: no nested "You asked" answers, one pointer to the README', async () => {
    const dev = await t.createUser(['developer']);
    const agentId = await insertAgent(t, dev.id);
    const events = await collect(
      t.app
        .get(RunService)
        .runDraft({ definition: THREE_STEPS, input: 'Write a haiku', agentId, userId: dev.id }),
    );
    expect(events.at(-1)).toMatchObject({ type: 'done', data: { status: 'completed' } });
    const answer = ofType(events, 'message')
      .map((e) => e.data.delta)
      .join('');
    expect(answer.split(DEMO_LABEL)).toHaveLength(4); // three steps, one label each
    expect(answer.match(/You asked:/g)).toHaveLength(1);
    expect(answer).not.toContain(`You asked: "${DEMO_LABEL}`);
    expect(answer).toContain('"Providers" in the README');
    expect(answer.match(/Another step on "Write a haiku"/g)).toHaveLength(2);
  });
});
