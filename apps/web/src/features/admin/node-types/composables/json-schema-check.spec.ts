import { describe, expect, it } from 'vitest';
import { checkDefaultConfig, checkJsonSchemaText, parseJsonObject } from './json-schema-check';

describe('checkJsonSchemaText', () => {
  it('accepts a valid JSON Schema and returns it parsed', () => {
    const text = JSON.stringify({ type: 'object', properties: { q: { type: 'string', minLength: 1 } } });
    expect(checkJsonSchemaText(text)).toEqual({
      value: { type: 'object', properties: { q: { type: 'string', minLength: 1 } } },
      problems: [],
    });
  });

  it('reports broken JSON with its line', () => {
    const result = checkJsonSchemaText('{\n  "type": "object",\n  "properties": {,}\n}');
    expect(result.value).toBeUndefined();
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0].message).toMatch(/^Not valid JSON/);
    expect(result.problems[0].message).toContain('line 3');
  });

  it('refuses JSON that is not an object', () => {
    expect(checkJsonSchemaText('[1, 2]').problems).toEqual([{ path: '', message: 'Must be a JSON object' }]);
    expect(parseJsonObject('"text"').problems[0].message).toBe('Must be a JSON object');
  });

  it('reports meta-schema violations with the path of the bad keyword', () => {
    const result = checkJsonSchemaText(
      JSON.stringify({ type: 'object', properties: { n: { type: 'integer', minimum: 'zero' } } }),
    );
    expect(result.problems.map((p) => p.path)).toContain('properties.n.minimum');
    const badType = checkJsonSchemaText(JSON.stringify({ type: 'strnig' }));
    expect(badType.problems.length).toBeGreaterThan(0);
    expect(badType.problems[0].path).toBe('type');
  });

  it('reports schemas that cannot compile (unresolvable $ref)', () => {
    const result = checkJsonSchemaText(JSON.stringify({ $ref: '#/definitions/missing' }));
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0].message).toMatch(/missing/);
  });
});

describe('checkDefaultConfig', () => {
  const schema = {
    type: 'object',
    properties: { prompt: { type: 'string' }, temperature: { type: 'number', maximum: 2 } },
    required: ['prompt'],
  };

  it('allows partial defaults and policy keys, like the API', () => {
    expect(checkDefaultConfig(schema, { temperature: 1, timeoutMs: 1000 })).toEqual([]);
  });

  it('lists values that break the schema with their paths', () => {
    const problems = checkDefaultConfig(schema, { temperature: 5 });
    expect(problems).toHaveLength(1);
    expect(problems[0].path).toBe('temperature');
    expect(problems[0].message).toContain('2');
  });
});
