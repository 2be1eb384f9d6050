import { workflowDefinitionSchema, type WorkflowDefinitionInput } from './workflow';

const ARCHITECTURE_EXAMPLE: WorkflowDefinitionInput = {
  schemaVersion: 1,
  entry: 'classify',
  variables: { tone: { type: 'string', default: 'friendly' } },
  nodes: [
    {
      id: 'classify',
      type: 'classifier',
      config: { labels: ['tech', 'other'], prompt: 'Classify: {{input}}' },
      services: { llm: '6f1c0a52-6d0e-4c8e-9b62-0e4b7f1d2a11' },
    },
    {
      id: 'research',
      type: 'tool_call',
      config: { server: 'web', tool: 'search', args: { q: '{{input}}' } },
    },
    { id: 'answer', type: 'llm', config: { system: 'Be {{vars.tone}}.', prompt: '{{input}}', stream: true } },
  ],
  edges: [
    {
      from: 'classify',
      type: 'conditional',
      condition: { kind: 'switch', path: 'nodes.classify.output' },
      mapping: { tech: 'research', other: 'answer' },
    },
    { from: 'research', to: 'answer' },
    { from: 'answer', to: '__end__' },
  ],
};

const issuesOf = (value: unknown) => {
  const r = workflowDefinitionSchema.safeParse(value);
  return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
};

describe('workflow definition schema', () => {
  it('round-trips the documented example unchanged (parse → JSON → parse)', () => {
    const parsed = workflowDefinitionSchema.parse(ARCHITECTURE_EXAMPLE);
    expect(parsed).toEqual(ARCHITECTURE_EXAMPLE);
    expect(workflowDefinitionSchema.parse(JSON.parse(JSON.stringify(parsed)))).toEqual(parsed);
  });

  it('fills in what authors may omit: schemaVersion, variables, config, edges', () => {
    expect(workflowDefinitionSchema.parse({ entry: 'a', nodes: [{ id: 'a', type: 'answer' }] })).toEqual({
      schemaVersion: 1,
      entry: 'a',
      variables: {},
      nodes: [{ id: 'a', type: 'answer', config: {} }],
      edges: [],
    });
  });

  it('accepts fan-out and expression edges with a default target', () => {
    const def = workflowDefinitionSchema.parse({
      entry: 'a',
      nodes: [
        { id: 'a', type: 'template' },
        { id: 'b', type: 'template' },
      ],
      edges: [
        { from: 'a', type: 'fanout', targets: ['b'] },
        {
          from: 'b',
          type: 'conditional',
          condition: { kind: 'expression', expression: 'input == "x"' },
          mapping: { true: '__end__' },
          default: '__end__',
        },
      ],
    });
    expect(def.edges.map((e) => e.type)).toEqual(['fanout', 'conditional']);
  });

  it('rejects what cannot be a workflow, each problem with its path', () => {
    expect(issuesOf({ entry: 'a', nodes: [] })).toEqual(['nodes']);
    expect(issuesOf({ nodes: [{ id: 'a', type: 'x' }] })).toEqual(['entry']);
    expect(issuesOf({ schemaVersion: 2, entry: 'a', nodes: [{ id: 'a', type: 'x' }] })).toEqual([
      'schemaVersion',
    ]);
    expect(
      issuesOf({
        entry: 'a',
        nodes: [
          { id: '1bad', type: 'x' },
          { id: 'ok', type: '' },
        ],
      }),
    ).toEqual(['nodes.0.id', 'nodes.1.type']);
    expect(
      issuesOf({
        entry: 'a',
        nodes: [{ id: 'a', type: 'x' }],
        edges: [{ from: 'a', type: 'conditional', condition: { kind: 'eval', code: '1' }, mapping: {} }],
      }),
    ).toEqual(['edges.0']);
    expect(
      issuesOf({
        entry: 'a',
        nodes: [{ id: 'a', type: 'x' }],
        edges: [{ from: 'a', type: 'fanout', targets: [] }],
      }),
    ).toEqual(['edges.0.targets']);
    expect(
      issuesOf({ entry: 'a', nodes: Array.from({ length: 2001 }, (_, i) => ({ id: `n${i}`, type: 'x' })) }),
    ).toEqual(['nodes']);
  });
});
