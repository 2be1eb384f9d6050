import { findSecrets, findSecretsInText } from './secret-scan.util';

describe('secret scan', () => {
  it.each([
    ['openai key', 'Use key sk-abcdefghijklmnopqrstuvwxyz0123 for calls', 'openai_key'],
    ['aws key', 'aws AKIAIOSFODNN7EXAMPLE here', 'aws_access_key'],
    ['private key', '-----BEGIN RSA PRIVATE KEY-----\nMIIE...', 'private_key'],
    ['github token', 'ghp_0123456789abcdefghijklmnopqrstuvwxyzAB', 'github_token'],
    ['random token', 'token: 9fK2xQ7mZpL4vR8tW1yB6nC3hJ5gD0sAeU', 'high_entropy_token'],
  ])('finds a %s', (_name, text, kind) => {
    const [finding] = findSecretsInText(text, 'systemPrompt');
    expect(finding).toEqual(expect.objectContaining({ path: 'systemPrompt', kind }));
    // The preview shows 4 characters, never the secret itself.
    expect(finding!.preview).toMatch(/^.{4}•+$/);
  });

  it('ignores ordinary prompts, ids and template references', () => {
    const clean = [
      'You are a friendly assistant for {{vars.company}}. Answer in {{vars.language}}.',
      'Ask about sk-style naming conventions',
      '3f1e2d4c-5b6a-4789-9abc-def012345678',
      'nodes.classify.output.some_really_long_identifier_name_here',
      'https://example.com/docs/getting-started/installation-guide',
    ];
    for (const text of clean) expect(findSecretsInText(text, 'x')).toEqual([]);
  });

  it('walks nested configs and reports dot paths', () => {
    const findings = findSecrets(
      {
        nodes: [
          { id: 'a', config: { headers: { Authorization: 'Bearer abcdefghijklmnopqrstuvwxyz123456' } } },
        ],
      },
      'definition',
    );
    expect(findings).toEqual([
      expect.objectContaining({
        path: 'definition.nodes.0.config.headers.Authorization',
        kind: 'bearer_token',
      }),
    ]);
  });
});
