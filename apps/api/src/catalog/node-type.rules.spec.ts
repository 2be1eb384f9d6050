import { nodeTypeProblems } from './node-type.rules';

const KINDS = ['llm', 'answer'];
const valid = {
  kind: 'llm',
  inputSchema: {
    type: 'object',
    properties: { prompt: { type: 'string' }, n: { type: 'integer' } },
    required: ['prompt'],
  },
  outputSchema: { type: 'string' },
  defaultConfig: { n: 2 },
};

describe('nodeTypeProblems', () => {
  it('accepts a valid node type whose defaults leave required fields to the node', () => {
    expect(nodeTypeProblems(valid, KINDS)).toEqual([]);
  });

  it('names an unknown executor kind', () => {
    expect(nodeTypeProblems({ ...valid, kind: 'teleport' }, KINDS)).toEqual([
      expect.objectContaining({ path: 'body.kind', code: 'unknown_executor_kind' }),
    ]);
  });

  it('points at the bad keyword of a schema that is not a JSON Schema', () => {
    const problems = nodeTypeProblems(
      {
        ...valid,
        inputSchema: { type: 'object', properties: { a: { type: 'strin' } } },
        outputSchema: { minLength: -1 },
      },
      KINDS,
    );
    expect(problems.map((p) => [p.path, p.code])).toEqual(
      expect.arrayContaining([
        ['body.inputSchema.properties.a.type', 'invalid_json_schema'],
        ['body.outputSchema.minLength', 'invalid_json_schema'],
      ]),
    );
  });

  it('rejects a schema that does not compile (unresolvable $ref)', () => {
    expect(nodeTypeProblems({ ...valid, outputSchema: { $ref: '#/definitions/missing' } }, KINDS)).toEqual([
      expect.objectContaining({ path: 'body.outputSchema', code: 'invalid_json_schema' }),
    ]);
  });

  it('checks defaults against the input schema, and policies apart', () => {
    const problems = nodeTypeProblems({ ...valid, defaultConfig: { n: 'two', timeoutMs: -5 } }, KINDS);
    expect(problems.map((p) => [p.path, p.code])).toEqual([
      ['body.defaultConfig.n', 'config_invalid'],
      ['body.defaultConfig.timeoutMs', 'config_invalid'],
    ]);
  });
});
