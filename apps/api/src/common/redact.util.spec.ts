import { REDACTED, redactSecrets } from './redact.util';

describe('redactSecrets', () => {
  it('masks credential-looking keys at any depth and keeps everything else', () => {
    expect(
      redactSecrets({
        url: 'https://api.example.com',
        headers: { Authorization: 'Bearer abc', 'X-Api-Key': 'k', Accept: 'json' },
        args: [{ password: 'p', q: 'x' }],
        tokens: 5,
        maxTokens: 100,
        token: 't',
      }),
    ).toEqual({
      url: 'https://api.example.com',
      headers: { Authorization: REDACTED, 'X-Api-Key': REDACTED, Accept: 'json' },
      args: [{ password: REDACTED, q: 'x' }],
      tokens: 5,
      maxTokens: 100,
      token: REDACTED,
    });
  });

  it('leaves primitives and empty secrets alone', () => {
    expect(redactSecrets('Authorization')).toBe('Authorization');
    expect(redactSecrets({ apiKey: '' })).toEqual({ apiKey: '' });
  });
});
