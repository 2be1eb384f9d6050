import { describe, expect, it } from 'vitest';
import { checkParameterSchemaText, defaultParameters, parameterNames } from './template-parameters';

describe('template parameters', () => {
  it('accepts a JSON Schema of an object and names its parameters', () => {
    const text = JSON.stringify({
      type: 'object',
      properties: { company: { type: 'string', default: 'Acme' }, tone: { enum: ['warm', 'cool'] } },
    });
    const check = checkParameterSchemaText(text);
    expect(check.problems).toEqual([]);
    expect(parameterNames(check.value)).toEqual(['company', 'tone']);
    expect(defaultParameters(check.value)).toEqual({ company: 'Acme' });
  });

  it('reports broken JSON, a schema that is not a JSON Schema, and a non-object schema', () => {
    expect(checkParameterSchemaText('{ "type": ').problems[0]?.message).toMatch(/Not valid JSON/);
    expect(checkParameterSchemaText('{ "type": "nope" }').problems.length).toBeGreaterThan(0);
    expect(checkParameterSchemaText('{ "type": "string" }').problems).toEqual([
      { path: 'type', message: 'Must be "object"' },
    ]);
  });

  it('has no parameters without properties', () => {
    expect(parameterNames(undefined)).toEqual([]);
    expect(parameterNames({ type: 'object' })).toEqual([]);
    expect(defaultParameters({ type: 'object' })).toEqual({});
  });
});
