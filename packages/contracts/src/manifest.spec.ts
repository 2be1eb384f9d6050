import { agentManifestSchema, manifestJsonSchema } from './manifest';

const base = { name: 'Bot', slug: 'bot', workflow: './workflow.yaml' };

describe('agent manifest schema', () => {
  it('applies defaults and accepts ${ENV} references where URLs are expected', () => {
    const m = agentManifestSchema.parse({
      ...base,
      models: {
        default: { provider: 'openai_compatible', baseURL: '${BASE_URL}', model: 'm', apiKey: '${KEY}' },
      },
      mcpServers: { web: { url: 'https://mcp.example.com/mcp' } },
    });
    expect(m).toMatchObject({ manifestVersion: 1, tags: [], description: '', variables: {} });
    expect(m.mcpServers.web).toEqual({
      url: 'https://mcp.example.com/mcp',
      transport: 'streamable_http',
      headers: {},
    });
  });

  it('rejects bad URLs, unknown keys and a defaultModel that is not declared, with paths', () => {
    const r = agentManifestSchema.safeParse({
      ...base,
      colour: 'blue',
      defaultModel: 'fast',
      models: { slow: { provider: 'openai_compatible', baseURL: 'ftp://x', model: 'm' } },
    });
    expect(r.success).toBe(false);
    const issues = r.error!.issues.map((i) => `${i.code}:${i.path.join('.')}`);
    expect(issues).toEqual(expect.arrayContaining(['unrecognized_keys:', 'custom:models.slow.baseURL']));
    const refined = agentManifestSchema.safeParse({ ...base, defaultModel: 'fast' });
    expect(refined.error!.issues[0]).toMatchObject({ path: ['defaultModel'] });
  });

  it('publishes a draft-07 JSON Schema of what authors write', () => {
    expect(manifestJsonSchema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    const props = manifestJsonSchema.properties as Record<string, { type?: string }>;
    expect(Object.keys(props)).toEqual(
      expect.arrayContaining([
        'name',
        'slug',
        'models',
        'mcpServers',
        'variables',
        'workflow',
        'version',
        'changelog',
      ]),
    );
    expect(manifestJsonSchema.required).toEqual(expect.arrayContaining(['name', 'slug', 'workflow']));
  });
});
