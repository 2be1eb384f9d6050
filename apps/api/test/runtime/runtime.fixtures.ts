import { randomBytes } from 'node:crypto';
import type { RunEvent, WorkflowDefinitionInput } from '@agenthub/contracts';
import type { ResolvedModelConfig } from '../../src/runtime/runtime.ports';
import type { TestApp } from '../helpers/test-app';

/** An agent row owned by `ownerId` (runs reference agents; the agent API is another module's). */
export async function insertAgent(app: TestApp, ownerId: string): Promise<string> {
  const slug = `runtime-test-${randomBytes(4).toString('hex')}`;
  const rows = await app.db.query<{ id: string }>(
    `INSERT INTO agents (owner_id, slug, name) VALUES ($1, $2, $3) RETURNING id`,
    [ownerId, slug, 'Runtime test agent'],
  );
  return rows[0].id;
}

export async function collect<T>(events: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const e of events) all.push(e);
  return all;
}

export const ofType = <K extends RunEvent['type']>(events: RunEvent[], type: K) =>
  events.filter((e): e is Extract<RunEvent, { type: K }> => e.type === type);

/** A service config pointing at the loopback OpenAI-compatible mock. */
export function mockLlmConfig(
  baseURL: string,
  pricing: ResolvedModelConfig['pricing'] = null,
): ResolvedModelConfig {
  return {
    configId: null,
    kind: 'openai_compatible',
    config: { baseURL, apiKey: 'sk-test-secret', model: 'mock-model' },
    pricing,
  };
}

/** llm → answer: one model call, then a fixed answer that quotes it. */
export const LLM_ANSWER_WORKFLOW: WorkflowDefinitionInput = {
  schemaVersion: 1,
  entry: 'think',
  nodes: [
    { id: 'think', type: 'llm', config: { prompt: 'Answer briefly: {{input}}', stream: true } },
    { id: 'final', type: 'answer', config: { text: ' (done)' } },
  ],
  edges: [
    { from: 'think', to: 'final' },
    { from: 'final', to: '__end__' },
  ],
};

/** A node that loops onto itself forever: only the step limit stops it. */
export const ENDLESS_LOOP_WORKFLOW: WorkflowDefinitionInput = {
  schemaVersion: 1,
  entry: 'again',
  nodes: [{ id: 'again', type: 'template', config: { template: 'round' } }],
  edges: [
    {
      from: 'again',
      type: 'conditional',
      condition: { kind: 'expression', expression: "input != 'stop'" },
      mapping: { true: 'again' },
      default: '__end__',
    },
  ],
};
