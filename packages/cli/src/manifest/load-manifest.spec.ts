import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatProblem } from './manifest-problem';
import { loadManifest } from './load-manifest';

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'agenthub-manifest-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return join(dir, 'agenthub.yaml');
}

const WORKFLOW = `entry: answer
nodes:
  - id: answer
    type: llm
    config:
      prompt: "{{input}}"
      stream: true
edges:
  - from: answer
    to: __end__
`;

const MANIFEST = `name: Support bot
slug: support-bot
models:
  default:
    provider: openai_compatible
    baseURL: \${OPENAI_BASE_URL:-https://api.openai.com/v1}
    model: gpt-4o-mini
    apiKey: \${OPENAI_API_KEY}
mcpServers:
  web:
    url: https://mcp.example.com/mcp
    headers:
      Authorization: Bearer \${MCP_TOKEN}
workflow: ./workflow.yaml
`;

describe('loadManifest', () => {
  it('loads a valid manifest with its workflow file and substitutes the environment', () => {
    const path = project({ 'agenthub.yaml': MANIFEST, 'workflow.yaml': WORKFLOW });
    const { loaded, problems } = loadManifest(path, { env: { OPENAI_API_KEY: 'sk-test', MCP_TOKEN: 't0k' } });
    expect(problems).toEqual([]);
    expect(loaded!.manifest.models.default).toEqual({
      provider: 'openai_compatible',
      baseURL: 'https://api.openai.com/v1',
      model: 'gpt-4o-mini',
      apiKey: 'sk-test',
    });
    expect(loaded!.manifest.mcpServers.web.headers.Authorization).toBe('Bearer t0k');
    expect(loaded!.definition.nodes[0].id).toBe('answer');
  });

  it('names a missing variable with file:line:col of its ${', () => {
    const path = project({ 'agenthub.yaml': MANIFEST, 'workflow.yaml': WORKFLOW });
    const { loaded, problems } = loadManifest(path, { env: { MCP_TOKEN: 'x' } });
    expect(loaded).toBeNull();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      line: 8,
      col: 13,
      code: 'env_missing',
      path: 'models.default.apiKey',
    });
    expect(formatProblem(problems[0])).toMatch(
      /agenthub\.yaml:8:13 error env_missing: Environment variable OPENAI_API_KEY is not set \(used in models\.default\.apiKey\)/,
    );
  });

  it('reports every missing variable at once, and none in verbatim mode', () => {
    const path = project({ 'agenthub.yaml': MANIFEST, 'workflow.yaml': WORKFLOW });
    const { problems } = loadManifest(path, { env: {} });
    expect(problems.map((p) => `${p.line}:${p.col} ${p.message.split(' ')[2]}`)).toEqual([
      '8:13 OPENAI_API_KEY',
      '13:29 MCP_TOKEN',
    ]);
    const verbatim = loadManifest(path, { env: {}, envMode: 'verbatim' });
    expect(verbatim.problems).toEqual([]);
    expect(verbatim.loaded!.manifest.models.default).toMatchObject({ apiKey: '${OPENAI_API_KEY}' });
  });

  it('puts schema errors at the offending value or key, all of them', () => {
    const path = project({
      'agenthub.yaml': `name: Bot
slug: Not A Slug
tags: [ok, 5]
colour: blue
models:
  default:
    provider: openai_compatible
    baseURL: not-a-url
    model: m
workflow: ./workflow.yaml
`,
      'workflow.yaml': WORKFLOW,
    });
    const { loaded, problems } = loadManifest(path, { env: {} });
    expect(loaded).toBeNull();
    const where = problems.map((p) => `${p.line}:${p.col} ${p.code} ${p.path}`);
    expect(where).toEqual([
      '2:7 schema_invalid slug',
      '3:12 schema_invalid tags.1',
      '4:1 unknown_key colour',
      '8:14 schema_invalid models.default.baseURL',
    ]);
    expect(problems[3].message).toContain('baseURL must be an http(s) URL');
  });

  it('locates workflow problems in the workflow file (schema and engine validation)', () => {
    const path = project({
      'agenthub.yaml': 'name: Bot\nslug: bot\nworkflow: ./workflow.json\n',
      'workflow.json': `{
  "entry": "answer",
  "nodes": [
    { "id": "answer", "type": "llm", "config": { "prompt": "{{input}}" } },
    { "id": "lost", "type": "no_such_type" }
  ],
  "edges": [{ "from": "answer", "to": "nowhere" }]
}
`,
    });
    const { problems } = loadManifest(path, { env: {} });
    const summary = problems
      .filter((p) => p.severity === 'error')
      .map((p) => `${p.file.split('/').pop()}:${p.line}:${p.col} ${p.code}`);
    expect(summary).toEqual(
      expect.arrayContaining([
        'workflow.json:5:29 unknown_node_type',
        'workflow.json:7:39 unknown_edge_target',
      ]),
    );
  });

  it('validates an inline workflow with positions in the manifest', () => {
    const path = project({
      'agenthub.yaml': `name: Bot
slug: bot
workflow:
  entry: answer
  nodes:
    - id: answer
      type: llm
      config: { prompt: 5 }
`,
    });
    const { problems } = loadManifest(path, { env: {} });
    expect(problems.find((p) => p.code === 'config_invalid')).toMatchObject({
      line: 8,
      path: expect.stringMatching(/^workflow\.nodes\.0/),
    });
  });

  it('refuses a model key written in clear and reports YAML syntax errors with a position', () => {
    const clear = project({
      'agenthub.yaml': MANIFEST.replace('${OPENAI_API_KEY}', 'sk-live-abcdefghijklmnop'),
      'workflow.yaml': WORKFLOW,
    });
    const { problems } = loadManifest(clear, { env: { MCP_TOKEN: 'x' } });
    expect(problems).toEqual([
      expect.objectContaining({ code: 'secret_in_clear', line: 8, path: 'models.default.apiKey' }),
    ]);

    const broken = project({ 'agenthub.yaml': 'name: Bot\nslug: [unclosed\n' });
    const syntax = loadManifest(broken, { env: {} }).problems;
    expect(syntax[0]).toMatchObject({ code: 'yaml_syntax' });
    expect(syntax[0].line).toBeGreaterThanOrEqual(2);
  });

  it('does not substitute inside a code node, and a missing workflow file is a located problem', () => {
    const path = project({
      'agenthub.yaml': 'name: Bot\nslug: bot\nworkflow: ./flow.yaml\n',
      'flow.yaml': `entry: calc
nodes:
  - id: calc
    type: code
    config:
      code: "return \`\${input.input}!\`"
edges:
  - { from: calc, to: __end__ }
`,
    });
    const { loaded, problems } = loadManifest(path, { env: {} });
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(loaded!.definition.nodes[0].config.code).toBe('return `${input.input}!`');

    const missing = project({ 'agenthub.yaml': 'name: Bot\nslug: bot\nworkflow: ./gone.yaml\n' });
    expect(loadManifest(missing, { env: {} }).problems[0]).toMatchObject({ code: 'file_not_found' });
  });
});
