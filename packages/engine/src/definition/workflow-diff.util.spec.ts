import { diffWorkflows } from './workflow-diff.util';

const base = {
  entry: 'classify',
  variables: { tone: { type: 'string', default: 'friendly' } },
  nodes: [
    { id: 'classify', type: 'classifier', config: { labels: ['a', 'b'], prompt: '{{input}}' } },
    { id: 'faq', type: 'llm', config: { prompt: 'FAQ {{input}}', stream: true } },
    { id: 'human', type: 'human_input', config: { prompt: 'Approve?' } },
  ],
  edges: [
    {
      type: 'conditional',
      from: 'classify',
      condition: { kind: 'switch', path: 'nodes.classify.output' },
      mapping: { a: 'faq', b: 'human' },
    },
    { from: 'faq', to: '__end__' },
    { from: 'human', to: '__end__' },
  ],
};

describe('diffWorkflows', () => {
  it('finds nothing between identical definitions (key order does not matter)', () => {
    const reordered = JSON.parse(JSON.stringify(base));
    reordered.nodes[0].config = { prompt: '{{input}}', labels: ['a', 'b'] };
    expect(diffWorkflows(base, reordered)).toEqual({
      entryChanged: null,
      variablesChanged: [],
      nodesAdded: [],
      nodesRemoved: [],
      nodesChanged: [],
      edgesAdded: [],
      edgesRemoved: [],
      conditionsChanged: [],
    });
  });

  it('reports added, removed and changed nodes with the changed config keys', () => {
    const next = JSON.parse(JSON.stringify(base));
    next.nodes = next.nodes.filter((n: { id: string }) => n.id !== 'human');
    next.nodes[1].config.prompt = 'Better FAQ {{input}}';
    next.nodes[1].config.temperature = 0.2;
    next.nodes[1].services = { llm: 'cfg-1' };
    next.nodes.push({ id: 'escalate', type: 'answer', config: { text: 'A human will reply.' } });
    next.edges[0].mapping.b = 'escalate';
    next.edges[2] = { from: 'escalate', to: '__end__' };

    const diff = diffWorkflows(base, next);
    expect(diff.nodesAdded).toEqual([{ id: 'escalate', type: 'answer' }]);
    expect(diff.nodesRemoved).toEqual([{ id: 'human', type: 'human_input' }]);
    expect(diff.nodesChanged).toEqual([
      {
        id: 'faq',
        typeChanged: null,
        configKeys: ['prompt', 'temperature'],
        servicesChanged: true,
        nameChanged: false,
      },
    ]);
    expect(diff.edgesAdded).toEqual(
      expect.arrayContaining([
        { from: 'classify', to: 'escalate', type: 'conditional', label: 'b' },
        { from: 'escalate', to: '__end__', type: 'normal' },
      ]),
    );
    expect(diff.edgesAdded).toHaveLength(2);
    expect(diff.edgesRemoved).toEqual(
      expect.arrayContaining([
        { from: 'classify', to: 'human', type: 'conditional', label: 'b' },
        { from: 'human', to: '__end__', type: 'normal' },
      ]),
    );
    expect(diff.edgesRemoved).toHaveLength(2);
  });

  it('reports entry, variable, type and condition changes and fan-out targets', () => {
    const next = JSON.parse(JSON.stringify(base));
    next.entry = 'faq';
    next.variables.tone.default = 'formal';
    next.nodes[2].type = 'answer';
    next.edges[0].condition = { kind: 'expression', expression: "input|lower == 'a'" };
    next.edges.push({ type: 'fanout', from: 'faq', targets: ['human', 'classify'] });
    const diff = diffWorkflows(base, next);
    expect(diff.entryChanged).toEqual({ from: 'classify', to: 'faq' });
    expect(diff.variablesChanged).toEqual(['tone']);
    expect(diff.nodesChanged).toEqual([
      expect.objectContaining({ id: 'human', typeChanged: { from: 'human_input', to: 'answer' } }),
    ]);
    expect(diff.conditionsChanged).toEqual(['classify']);
    expect(diff.edgesAdded).toEqual([
      { from: 'faq', to: 'human', type: 'fanout' },
      { from: 'faq', to: 'classify', type: 'fanout' },
    ]);
  });

  it('treats a missing previous definition as everything added', () => {
    const diff = diffWorkflows(null, base);
    expect(diff.nodesAdded.map((n) => n.id)).toEqual(['classify', 'faq', 'human']);
    expect(diff.edgesAdded).toHaveLength(4);
  });
});
