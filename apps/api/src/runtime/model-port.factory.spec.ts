import { applyModelParams, createModelPort, serviceConfigIdOf, toEnginePricing } from './model-port.factory';

describe('toEnginePricing', () => {
  it('converts USD per 1K tokens to per million', () => {
    expect(toEnginePricing({ inputPer1k: 0.5, outputPer1k: 1.5, currency: 'USD' })).toEqual({
      promptPerMillion: 500,
      completionPerMillion: 1500,
    });
  });

  it('does not cost other currencies or missing pricing', () => {
    expect(toEnginePricing({ inputPer1k: 1, outputPer1k: 1, currency: 'EUR' })).toBeNull();
    expect(toEnginePricing(null)).toBeNull();
  });
});

describe('applyModelParams', () => {
  it('lets agent overrides win and puts topP into the extra body parameters', () => {
    expect(
      applyModelParams({ model: 'm', temperature: 1, params: { seed: 1 } }, { temperature: 0.2, topP: 0.9 }),
    ).toEqual({ model: 'm', temperature: 0.2, params: { seed: 1, top_p: 0.9 } });
  });

  it('sends stop sequences as the provider body parameter `stop`', () => {
    expect(applyModelParams({ model: 'm' }, { maxTokens: 5, stop: ['END'] })).toEqual({
      model: 'm',
      maxTokens: 5,
      params: { stop: ['END'] },
    });
    expect(applyModelParams({ model: 'm' }, { stop: [] })).toEqual({ model: 'm' });
  });
});

describe('createModelPort', () => {
  it('refuses provider kinds that are not models', async () => {
    await expect(
      createModelPort({ configId: 'c1', kind: 'search', config: {}, pricing: null }, { ssrf: {} }),
    ).rejects.toMatchObject({ code: 'model_provider_unsupported' });
  });

  it('refuses a private base URL unless private networks are allowed', async () => {
    const resolved = {
      configId: 'c1',
      kind: 'openai_compatible',
      config: { baseURL: 'http://127.0.0.1:9/v1', model: 'm' },
      pricing: null,
    };
    await expect(createModelPort(resolved, { ssrf: {} })).rejects.toMatchObject({ code: 'ssrf_blocked' });
    await expect(createModelPort(resolved, { ssrf: { allowPrivateNetwork: true } })).resolves.toHaveProperty(
      'name',
      'openai_compatible:m',
    );
  });

  it('adds the cost of each call when the config has pricing', async () => {
    const port = await createModelPort(
      {
        configId: null,
        kind: 'demo',
        config: { tokenDelayMs: 0 },
        pricing: { inputPer1k: 1, outputPer1k: 2, currency: 'USD' },
      },
      { ssrf: {} },
    );
    const result = await port.stream({ messages: [{ role: 'user', content: 'hello' }] });
    const expected = (result.usage.promptTokens * 1 + result.usage.completionTokens * 2) / 1000;
    expect(result.usage.costUsd).toBeCloseTo(expected, 10);
  });

  it('remembers which service config a port was built from (priced or not)', async () => {
    const plain = await createModelPort(
      { configId: 'cfg-1', kind: 'demo', config: {}, pricing: null },
      { ssrf: {} },
    );
    const priced = await createModelPort(
      {
        configId: 'cfg-2',
        kind: 'demo',
        config: {},
        pricing: { inputPer1k: 1, outputPer1k: 1, currency: 'USD' },
      },
      { ssrf: {} },
    );
    const anonymous = await createModelPort(
      { configId: null, kind: 'demo', config: {}, pricing: null },
      { ssrf: {} },
    );
    expect([serviceConfigIdOf(plain), serviceConfigIdOf(priced), serviceConfigIdOf(anonymous)]).toEqual([
      'cfg-1',
      'cfg-2',
      null,
    ]);
  });
});
