import { OPENAI_COMPATIBLE_SCHEMA } from '../providers/builtin-providers';
import { configSchemaProblem, validateConfigData } from './config-data.validator';

describe('validateConfigData', () => {
  const schema = OPENAI_COMPATIBLE_SCHEMA as unknown as Record<string, unknown>;

  it('applies defaults', () => {
    expect(validateConfigData(schema, { baseURL: 'https://api.example.com/v1', model: 'gpt' })).toEqual({
      ok: true,
      value: { baseURL: 'https://api.example.com/v1', model: 'gpt', streamUsage: true },
    });
  });

  it('reports every problem with a field path', () => {
    const result = validateConfigData(schema, { baseURL: 'not a url', temperature: 7, extra: 1 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.details.map((d) => [d.path, d.code]).sort()).toEqual(
      [
        ['body.configData.baseURL', 'format'],
        ['body.configData.extra', 'additionalProperties'],
        ['body.configData.model', 'required'],
        ['body.configData.temperature', 'maximum'],
      ].sort(),
    );
  });

  it('accepts x-secret annotations and rejects broken schemas', () => {
    expect(configSchemaProblem(schema)).toBeNull();
    expect(configSchemaProblem({ type: 'string' })).toMatch(/"type": "object"/);
    expect(configSchemaProblem({ type: 'object', properties: { a: { type: 'nonsense' } } })).toMatch(
      /not a valid JSON Schema/,
    );
  });
});
