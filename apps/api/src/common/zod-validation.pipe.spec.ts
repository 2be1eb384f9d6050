import { z } from 'zod';
import { DomainError } from './domain-error';
import { ZodValidationPipe } from './zod-validation.pipe';

describe('ZodValidationPipe', () => {
  const schema = z.object({
    name: z.string().min(1),
    tags: z.array(z.string()).max(1),
    page: z.coerce.number().default(1),
  });

  it('returns the parsed value with coercion and defaults applied', () => {
    expect(new ZodValidationPipe(schema, 'query').transform({ name: 'x', tags: [] })).toEqual({
      name: 'x',
      tags: [],
      page: 1,
    });
  });

  it('reports every problem with its path inside the request part', () => {
    try {
      new ZodValidationPipe(schema, 'body').transform({ name: '', tags: ['a', 'b'] });
      throw new Error('should have thrown');
    } catch (err) {
      expect(err).toBeInstanceOf(DomainError);
      expect((err as DomainError).status).toBe(400);
      expect((err as DomainError).details!.map((d) => d.path)).toEqual(['body.name', 'body.tags']);
    }
  });

  it('treats a missing body as an empty object, so each missing field is named', () => {
    expect(() => new ZodValidationPipe(schema, 'body').transform(undefined)).toThrow(
      expect.objectContaining({
        details: expect.arrayContaining([expect.objectContaining({ path: 'body.name' })]),
      }),
    );
  });

  it('names a single path parameter', () => {
    expect(() => new ZodValidationPipe(z.uuid(), 'params', 'id').transform('nope')).toThrow(
      expect.objectContaining({ details: [expect.objectContaining({ path: 'params.id' })] }),
    );
  });
});

describe('ZodValidationPipe and text PostgreSQL cannot store', () => {
  const schema = z.object({ name: z.string(), meta: z.record(z.string(), z.unknown()).optional() });
  const pathsOf = (value: unknown, part: 'body' | 'params' = 'body', field?: string): string[] => {
    try {
      new ZodValidationPipe(part === 'body' ? schema : z.string(), part, field).transform(value);
      return [];
    } catch (err) {
      expect((err as DomainError).status).toBe(400);
      return (err as DomainError).details!.map((d) => `${d.path}:${d.code}`);
    }
  };

  it('rejects NUL and lone surrogates with the field path, in values and keys', () => {
    expect(pathsOf({ name: 'a\u0000b' })).toEqual(['body.name:unstorable_text']);
    expect(pathsOf({ name: '\uD800x' })).toEqual(['body.name:unstorable_text']);
    expect(pathsOf({ name: 'x\uDC00' })).toEqual(['body.name:unstorable_text']);
    expect(pathsOf({ name: 'ok', meta: { list: ['fine', 'bad\u0000'] } })).toEqual([
      'body.meta.list.1:unstorable_text',
    ]);
    expect(pathsOf({ name: 'ok', meta: { 'k\u0000': 1 } })).toEqual(['body.meta.k\u0000:unstorable_text']);
    expect(pathsOf('id\u0000', 'params', 'id')).toEqual(['params.id:unstorable_text']);
  });

  it('accepts paired surrogates (emoji) and other control characters', () => {
    expect(pathsOf({ name: 'smile 😀 tab\t' })).toEqual([]);
  });
});
