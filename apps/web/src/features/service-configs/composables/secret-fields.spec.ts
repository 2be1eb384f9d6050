import { describe, expect, it } from 'vitest';
import { SECRET_MASK_PREFIX } from '@agenthub/contracts';
import { isSecretSet, mergeSecrets, secretKeys, visibleValues, withoutSecrets } from './secret-fields';

const schema = {
  type: 'object',
  required: ['baseURL', 'apiKey'],
  properties: {
    baseURL: { type: 'string' },
    apiKey: { type: 'string', 'x-secret': true },
    model: { type: 'string' },
  },
};
const mask = `${SECRET_MASK_PREFIX}abcd`;

describe('secret fields', () => {
  it('finds the secrets and leaves them out of the generated form', () => {
    expect(secretKeys(schema)).toEqual(['apiKey']);
    expect(withoutSecrets(schema)).toEqual({
      type: 'object',
      required: ['baseURL'],
      properties: { baseURL: { type: 'string' }, model: { type: 'string' } },
    });
    expect(visibleValues({ baseURL: 'http://x', apiKey: mask }, schema)).toEqual({ baseURL: 'http://x' });
  });

  it('tells set from not set by the mask', () => {
    expect(isSecretSet({ apiKey: mask }, 'apiKey')).toBe(true);
    expect(isSecretSet({}, 'apiKey')).toBe(false);
    expect(isSecretSet(undefined, 'apiKey')).toBe(false);
  });

  it('keeps a stored secret by sending its mask back, replaces it when one is typed', () => {
    const values = { baseURL: 'http://x' };
    expect(mergeSecrets(values, {}, { apiKey: mask }, schema)).toEqual({ baseURL: 'http://x', apiKey: mask });
    expect(mergeSecrets(values, { apiKey: ' sk-new ' }, { apiKey: mask }, schema)).toEqual({
      baseURL: 'http://x',
      apiKey: 'sk-new',
    });
    expect(mergeSecrets(values, { apiKey: '' }, undefined, schema)).toEqual({ baseURL: 'http://x' });
  });
});
