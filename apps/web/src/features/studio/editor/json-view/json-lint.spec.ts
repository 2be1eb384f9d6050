import { describe, expect, it } from 'vitest';
import { checkDefinitionText, definitionText } from './json-lint';

const valid = {
  schemaVersion: 1,
  entry: 'a',
  variables: {},
  nodes: [{ id: 'a', type: 'llm', config: {} }],
  edges: [],
};

describe('JSON view checks', () => {
  it('accepts a valid definition and round-trips its text', () => {
    const result = checkDefinitionText(definitionText(valid as never));
    expect(result.definition).toEqual(valid);
  });

  it('reports a JSON syntax error at its position', () => {
    const result = checkDefinitionText('{"entry": }');
    expect(result.definition).toBeNull();
    expect(result.problems[0]!.from).toBeGreaterThan(0);
  });

  it('reports schema errors with their field path near the field', () => {
    const text = definitionText({ ...valid, nodes: [{ id: '1bad', type: 'llm', config: {} }] } as never);
    const result = checkDefinitionText(text);
    expect(result.problems).toEqual([
      expect.objectContaining({ path: 'nodes.0.id', message: expect.stringContaining('Node id must start') }),
    ]);
    expect(text.slice(result.problems[0]!.from)).toMatch(/^"id"/);
  });
});
