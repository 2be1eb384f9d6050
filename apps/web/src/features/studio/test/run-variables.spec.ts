import { describe, expect, it } from 'vitest';
import { draftsFrom, runVariables } from './run-variables';

const declared = {
  tone: { type: 'string' as const, default: 'plain' },
  depth: { type: 'number' as const },
  strict: { type: 'boolean' as const, default: false },
  extra: { type: 'json' as const },
};

describe('run variables', () => {
  it('starts from the defaults', () => {
    expect(draftsFrom(declared)).toEqual({ tone: 'plain', depth: '', strict: 'false', extra: '' });
  });

  it('sends the filled-in fields typed as declared, and names those that do not parse', () => {
    expect(runVariables(declared, { tone: 'dry', depth: '3', strict: 'true', extra: '{"a":1}' })).toEqual({
      values: { tone: 'dry', depth: 3, strict: true, extra: { a: 1 } },
      invalid: [],
    });
    expect(runVariables(declared, { tone: '', depth: 'x', strict: 'maybe', extra: '{' })).toEqual({
      values: {},
      invalid: ['depth', 'strict', 'extra'],
    });
  });
});
