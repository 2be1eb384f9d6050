import { describe, expect, it } from 'vitest';
import { createSchemaValidator, schemaErrorPath, type SchemaError } from './json-schema.validator';

const brief = (errors: SchemaError[]) =>
  errors.map((e) => ({ path: schemaErrorPath(e), keyword: e.keyword, params: e.params }));

describe('createSchemaValidator', () => {
  it('reports every error once, on its field, with Ajv-style params', () => {
    const check = createSchemaValidator({
      type: 'object',
      properties: {
        name: { type: 'string', minLength: 2, pattern: '^[a-z]+$' },
        method: { enum: ['GET', 'POST'] },
        n: { type: 'integer', minimum: 1, maximum: 10 },
        ratio: { type: 'number', exclusiveMaximum: 1 },
        tags: { type: 'array', items: { type: 'string' }, maxItems: 2 },
        email: { type: 'string', format: 'email' },
        nested: { type: 'object', properties: { deep: { type: 'boolean' } }, required: ['deep'] },
      },
      required: ['name', 'missing'],
    });
    const result = check({
      name: 'A',
      method: 'PUT',
      n: 11,
      ratio: 1,
      tags: ['a', 2, 'c'],
      email: 'not an address',
      nested: {},
    });
    expect(result.valid).toBe(false);
    expect(brief(result.errors)).toEqual(
      expect.arrayContaining([
        { path: 'missing', keyword: 'required', params: { missingProperty: 'missing' } },
        { path: 'name', keyword: 'minLength', params: { limit: 2 } },
        { path: 'name', keyword: 'pattern', params: { pattern: '^[a-z]+$' } },
        { path: 'method', keyword: 'enum', params: { allowedValues: ['GET', 'POST'] } },
        { path: 'n', keyword: 'maximum', params: { limit: 10 } },
        { path: 'ratio', keyword: 'exclusiveMaximum', params: { limit: 1 } },
        { path: 'tags', keyword: 'maxItems', params: { limit: 2 } },
        { path: 'tags.1', keyword: 'type', params: { type: 'string' } },
        { path: 'email', keyword: 'format', params: { format: 'email' } },
        { path: 'nested.deep', keyword: 'required', params: { missingProperty: 'deep' } },
      ]),
    );
    // "Property x does not match" and the like are not separate problems.
    expect(result.errors.map((e) => e.keyword)).not.toContain('properties');
    expect(result.errors).toHaveLength(10);
    expect(result.errors.find((e) => e.keyword === 'required')?.instancePath).toBe('');
  });

  it('passes a valid value and drops undefined members, as JSON would', () => {
    const check = createSchemaValidator({
      type: 'object',
      properties: { a: { type: 'string' } },
      required: ['a'],
    });
    expect(check({ a: 'x', b: undefined })).toEqual({ valid: true, errors: [] });
    expect(check({ a: undefined }).valid).toBe(false);
  });

  it('follows draft-07 definitions/$ref and keeps the params of the referenced schema', () => {
    const check = createSchemaValidator({
      definitions: { port: { type: 'integer', minimum: 1 } },
      type: 'object',
      properties: { ports: { type: 'array', items: { $ref: '#/definitions/port' } } },
    });
    const result = check({ ports: [80, 0] });
    expect(brief(result.errors)).toEqual([{ path: 'ports.1', keyword: 'minimum', params: { limit: 1 } }]);
  });

  it('encodes odd property names as JSON Pointers', () => {
    const check = createSchemaValidator({
      type: 'object',
      properties: { 'a/b c~d': { type: 'string' }, 名前: { type: 'string' } },
    });
    const result = check({ 'a/b c~d': 1, 名前: 2 });
    expect(result.errors.map((e) => e.instancePath)).toEqual(['/a~1b c~0d', '/名前']);
    expect(result.errors.map(schemaErrorPath)).toEqual(['a/b c~d', '名前']);
  });

  it('reports a property that additionalProperties: false forbids', () => {
    const check = createSchemaValidator({
      type: 'object',
      properties: { a: { type: 'string' } },
      additionalProperties: false,
    });
    expect(brief(check({ a: 'x', extra: 1 }).errors)).toEqual([
      { path: 'extra', keyword: 'false', params: {} },
    ]);
  });

  it('leaves the given schema untouched, so read-only (reactive, frozen) schemas work', () => {
    const schema = Object.freeze({
      type: 'object',
      properties: Object.freeze({ a: Object.freeze({ $ref: '#/definitions/s' }) }),
      definitions: Object.freeze({ s: Object.freeze({ type: 'string' }) }),
    });
    const before = JSON.stringify(schema);
    expect(createSchemaValidator(schema)({ a: 1 }).valid).toBe(false);
    expect(JSON.stringify(schema)).toBe(before);
  });
});
