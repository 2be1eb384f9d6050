/** For specs: a config that satisfies each built-in node type's required fields. */
export const VALID_BUILTIN_CONFIGS: Record<string, Record<string, unknown>> = {
  llm: { prompt: '{{input}}' },
  agent: { prompt: '{{input}}', tools: [{ server: 'web' }] },
  tool_call: { server: 'web', tool: 'search', args: { q: '{{input}}' } },
  classifier: { labels: ['a', 'b'], prompt: '{{input}}' },
  template: { template: 'Hi {{input}}' },
  code: { code: 'return 1;' },
  http_request: { url: 'https://example.com', method: 'GET', headers: { a: 'b' } },
  human_input: { prompt: 'Approve?' },
  answer: { text: 'Done' },
  retrieval: { query: '{{input}}', knowledgeBaseIds: ['8f0c2b1e-4c1a-4a51-9d5e-0d6f1b2a3c4d'] },
};
