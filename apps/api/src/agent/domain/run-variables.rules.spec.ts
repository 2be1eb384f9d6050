import { checkRunVariables } from './run-variables.rules.js';

describe('checkRunVariables', () => {
  const declared = {
    tone: { type: 'string' as const },
    count: { type: 'number' as const },
    strict: { type: 'boolean' as const },
    extra: { type: 'json' as const },
    untyped: {},
  };

  it('accepts declared variables of the right type', () => {
    expect(
      checkRunVariables(declared, { tone: 'dry', count: 3, strict: false, extra: { a: [1] }, untyped: 'x' }),
    ).toEqual([]);
  });

  it('names each undeclared variable and each wrong type', () => {
    const problems = checkRunVariables(declared, { nope: 1, count: '3', strict: 'yes', untyped: 2 });
    expect(problems.map((p) => [p.path, p.code])).toEqual([
      ['body.variables.nope', 'invalid_variable'],
      ['body.variables.count', 'invalid_variable'],
      ['body.variables.strict', 'invalid_variable'],
      ['body.variables.untyped', 'invalid_variable'],
    ]);
  });

  it('refuses every variable of a workflow that declares none, and inherited names', () => {
    expect(checkRunVariables(undefined, { a: 1 })).toHaveLength(1);
    expect(checkRunVariables({}, { toString: 'x' })).toHaveLength(1);
  });

  it('refuses non-finite numbers', () => {
    expect(checkRunVariables(declared, { count: Number.NaN })).toHaveLength(1);
  });
});
