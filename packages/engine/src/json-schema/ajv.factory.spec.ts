import { createAjv } from './ajv.factory.js';

describe('createAjv (the platform Ajv)', () => {
  it('reports every error, knows formats, ignores x- annotations and checks x-secret', () => {
    const ajv = createAjv();
    const validate = ajv.compile({
      type: 'object',
      required: ['url', 'n'],
      properties: { url: { type: 'string', format: 'uri', 'x-widget': 'link' }, n: { type: 'integer' } },
    });
    expect(validate({ url: 'not a uri', n: 'x' })).toBe(false);
    expect(validate.errors?.map((e) => e.instancePath).sort()).toEqual(['/n', '/url']);
    expect(validate({ url: 'https://example.com/', n: 1 })).toBe(true);
    expect(() => ajv.compile({ type: 'string', 'x-secret': 'yes' })).toThrow();
    expect(() => ajv.compile({ type: 'string', 'x-secret': true })).not.toThrow();
  });

  it('fills in defaults only when asked', () => {
    const schema = { type: 'object', properties: { tone: { type: 'string', default: 'friendly' } } };
    const plain: Record<string, unknown> = {};
    createAjv().compile(schema)(plain);
    expect(plain).toEqual({});
    const filled: Record<string, unknown> = {};
    createAjv({ useDefaults: true }).compile(schema)(filled);
    expect(filled).toEqual({ tone: 'friendly' });
  });
});
