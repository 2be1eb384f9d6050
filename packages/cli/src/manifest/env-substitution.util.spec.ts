import { substituteEnv } from './env-substitution.util';

describe('substituteEnv', () => {
  const env = { KEY: 'sk-123', EMPTY: '', HOST: 'example.com' };

  it('replaces ${NAME} with the variable', () => {
    expect(substituteEnv('Bearer ${KEY}', env)).toMatchObject({
      value: 'Bearer sk-123',
      missing: [],
      referencesEnv: true,
    });
    expect(substituteEnv('https://${HOST}/v1', env).value).toBe('https://example.com/v1');
  });

  it('uses the default of ${NAME:-default} when the variable is unset or empty', () => {
    expect(substituteEnv('${NOPE:-https://api.openai.com/v1}', env).value).toBe('https://api.openai.com/v1');
    expect(substituteEnv('${EMPTY:-fallback}', env).value).toBe('fallback');
    expect(substituteEnv('${KEY:-fallback}', env).value).toBe('sk-123');
    expect(substituteEnv('${NOPE:-}', env)).toMatchObject({ value: '', missing: [] });
  });

  it('reports an unset variable without default by name and offset', () => {
    const r = substituteEnv('key ${MISSING_ONE} and ${KEY} and ${MISSING_TWO}', env);
    expect(r.missing).toEqual([
      { name: 'MISSING_ONE', index: 4 },
      { name: 'MISSING_TWO', index: 34 },
    ]);
  });

  it('keeps $${ as a literal ${ and leaves plain text alone', () => {
    expect(substituteEnv('cost: $${price}', env)).toMatchObject({
      value: 'cost: ${price}',
      referencesEnv: false,
    });
    expect(substituteEnv('no references $HOME {x}', env)).toMatchObject({
      value: 'no references $HOME {x}',
      missing: [],
    });
  });

  it('flags malformed references', () => {
    expect(substituteEnv('${1BAD}', env).malformed).toEqual([{ name: '${1BAD}', index: 0 }]);
    expect(substituteEnv('${unterminated', env).malformed).toHaveLength(1);
  });
});
