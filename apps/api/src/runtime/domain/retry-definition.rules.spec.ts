import { retryDefinition } from './retry-definition.rules.js';

const base = {
  entry: 'a',
  nodes: [
    { id: 'a', type: 'llm', config: { prompt: 'x' } },
    { id: 'b', type: 'http_request', config: { url: 'http://127.0.0.1:9/' } },
  ],
  edges: [{ from: 'a', to: 'b' }],
};

describe('retryDefinition', () => {
  it('takes the fixed definition when only configs changed', () => {
    const fixed = { ...base, nodes: [base.nodes[0], { ...base.nodes[1], config: { url: 'http://ok/' } }] };
    expect(retryDefinition(base, fixed)).toBe(fixed);
  });

  it('keeps the snapshot when nodes, types, edges or the entry changed, or nothing is given', () => {
    expect(retryDefinition(base, { ...base, nodes: [base.nodes[0]] })).toBe(base);
    expect(retryDefinition(base, { ...base, nodes: [base.nodes[0], { id: 'b', type: 'code' }] })).toBe(base);
    expect(retryDefinition(base, { ...base, edges: [] })).toBe(base);
    expect(retryDefinition(base, { ...base, entry: 'b' })).toBe(base);
    expect(retryDefinition(base, undefined)).toBe(base);
  });
});
