import { deriveComplexity, extractTemplateGraph, hasCycle, sampleParameters } from './template-graph.rules';

const chain = (n: number) => ({
  entry: 'n0',
  nodes: Array.from({ length: n }, (_, i) => ({ id: `n${i}`, type: 'llm' })),
  edges: [
    ...Array.from({ length: n - 1 }, (_, i) => ({ from: `n${i}`, to: `n${i + 1}` })),
    { from: `n${n - 1}`, to: '__end__' },
  ],
});

describe('extractTemplateGraph', () => {
  it('gives one edge row per target of conditional and fan-out edges', () => {
    const graph = extractTemplateGraph({
      nodes: [
        { id: 'a', type: 'classifier' },
        { id: 'b', type: 'llm' },
        { id: 'c', type: 'answer' },
      ],
      edges: [
        { from: 'a', type: 'conditional', condition: {}, mapping: { x: 'b', y: 'c' }, default: 'c' },
        { from: 'b', type: 'fanout', targets: ['c', '__end__'] },
        { from: 'c', to: '__end__' },
      ],
    });
    expect(graph.nodes).toEqual([
      { nodeId: 'a', nodeType: 'classifier' },
      { nodeId: 'b', nodeType: 'llm' },
      { nodeId: 'c', nodeType: 'answer' },
    ]);
    expect(graph.edges).toEqual([
      { from: 'a', to: 'b', type: 'conditional', label: 'x' },
      { from: 'a', to: 'c', type: 'conditional', label: 'y' },
      { from: 'a', to: 'c', type: 'conditional', label: 'default' },
      { from: 'b', to: 'c', type: 'fanout', label: null },
      { from: 'b', to: '__end__', type: 'fanout', label: null },
      { from: 'c', to: '__end__', type: 'normal', label: null },
    ]);
  });

  it('tolerates half-written drafts and skips duplicate node ids', () => {
    expect(
      extractTemplateGraph({
        nodes: [{ id: 'a' }, 'x', { id: 'b', type: 'llm' }, { id: 'b', type: 'code' }],
        edges: 7,
      }),
    ).toEqual({
      nodes: [{ nodeId: 'b', nodeType: 'llm' }],
      edges: [],
    });
    expect(extractTemplateGraph(null)).toEqual({ nodes: [], edges: [] });
  });
});

describe('deriveComplexity', () => {
  it('is simple up to 4 nodes with normal edges only', () => {
    expect(deriveComplexity(extractTemplateGraph(chain(1)))).toBe('simple');
    expect(deriveComplexity(extractTemplateGraph(chain(4)))).toBe('simple');
  });

  it('is medium from 5 nodes, or with a conditional edge', () => {
    expect(deriveComplexity(extractTemplateGraph(chain(5)))).toBe('medium');
    expect(deriveComplexity(extractTemplateGraph(chain(9)))).toBe('medium');
    const routed = chain(2);
    routed.edges[0] = { from: 'n0', type: 'conditional', mapping: { a: 'n1' } } as never;
    expect(deriveComplexity(extractTemplateGraph(routed))).toBe('medium');
  });

  it('is complex from 10 nodes, with a fan-out, or with a cycle', () => {
    expect(deriveComplexity(extractTemplateGraph(chain(10)))).toBe('complex');
    const fan = chain(3);
    fan.edges.push({ from: 'n0', type: 'fanout', targets: ['n1', 'n2'] } as never);
    expect(deriveComplexity(extractTemplateGraph(fan))).toBe('complex');
    const loop = chain(3);
    loop.edges.push({ from: 'n2', to: 'n0' });
    expect(deriveComplexity(extractTemplateGraph(loop))).toBe('complex');
  });

  it('finds cycles through error edges but not through __end__', () => {
    expect(hasCycle({ nodes: [], edges: [{ from: 'a:error', to: 'a', type: 'normal', label: null }] })).toBe(
      true,
    );
    expect(hasCycle(extractTemplateGraph(chain(3)))).toBe(false);
  });
});

describe('sampleParameters', () => {
  it('fills required parameters without defaults from examples, enums or type placeholders', () => {
    expect(
      sampleParameters({
        type: 'object',
        properties: {
          a: { type: 'string', default: 'x' },
          b: { type: 'string', examples: ['ex'] },
          c: { enum: ['one', 'two'] },
          d: { type: 'integer', minimum: 3 },
          e: { type: 'boolean' },
          f: { type: 'string', minLength: 10 },
          g: { type: 'string' },
        },
        required: ['a', 'b', 'c', 'd', 'e', 'f'],
      }),
    ).toEqual({ b: 'ex', c: 'one', d: 3, e: false, f: 'examplexxx' });
  });
});
