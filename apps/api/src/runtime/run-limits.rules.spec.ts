import { modelServiceRefs, nodeTypeNames, secondsUntilUtcMidnight } from './run-limits.rules';

const KINDS: Record<string, string> = {
  llm: 'llm',
  agent: 'agent',
  classifier: 'classifier',
  template: 'template',
  answer: 'answer',
  'support-llm': 'llm', // an admin-made specialisation of the llm kind
};
const kindOf = (type: string) => KINDS[type];
const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';

describe('modelServiceRefs', () => {
  it("takes a node's own services.llm, else the version's dependency, else the platform default", () => {
    const definition = {
      nodes: [
        { id: 'own', type: 'llm', services: { llm: A } },
        { id: 'dep', type: 'classifier' },
        { id: 'plain', type: 'support-llm' },
        { id: 'both', type: 'agent', services: { llm: A } },
      ],
    };
    expect(modelServiceRefs(definition, { dep: { llm: B }, both: { llm: B } }, kindOf)).toEqual({
      configIds: [A, B],
      usesDefault: true,
    });
  });

  it('ignores nodes that call no model and unknown node types', () => {
    const definition = {
      nodes: [
        { id: 't', type: 'template', services: { llm: A } },
        { id: 'x', type: 'no-such-type' },
        { id: 'a', type: 'answer' },
      ],
    };
    expect(modelServiceRefs(definition, {}, kindOf)).toEqual({ configIds: [], usesDefault: false });
  });

  it('survives definitions without nodes', () => {
    expect(modelServiceRefs(null, null, kindOf)).toEqual({ configIds: [], usesDefault: false });
    expect(modelServiceRefs({ nodes: 'bad' }, undefined, kindOf)).toEqual({
      configIds: [],
      usesDefault: false,
    });
    expect(nodeTypeNames({ nodes: [{ type: 'llm' }, { type: 'llm' }, {}, null] })).toEqual(['llm']);
  });
});

describe('secondsUntilUtcMidnight', () => {
  it('counts to the next 00:00 UTC, at least one second', () => {
    expect(secondsUntilUtcMidnight(new Date('2030-05-01T23:00:00.000Z'))).toBe(3600);
    expect(secondsUntilUtcMidnight(new Date('2030-05-01T00:00:00.000Z'))).toBe(86_400);
    expect(secondsUntilUtcMidnight(new Date('2030-05-01T23:59:59.999Z'))).toBe(1);
  });
});
