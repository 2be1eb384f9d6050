import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { assertBuilt, cliEnv, runCli, startCli, tempDir } from './helpers/cli-process';
import { type ApiProcess, createApiKey, startApi } from './helpers/api-process';

const SECRET = 'sk-proj-Zx81TqLmN2vB7cD4eF6gH9jK3pQ5rS0t';
const MODEL_KEY = 'sk-local-model-key-0123456789abcdef';

const WORKFLOW = `entry: route
variables:
  tone: { type: string, default: friendly }
nodes:
  - id: route
    type: classifier
    config: { labels: [weather, other], prompt: "{{input}}", default: other }
  - id: lookup
    type: http_request
    config:
      method: GET
      url: https://api.example.com/weather?q={{input}}
      headers:
        Authorization: \${WEATHER_TOKEN}
  - id: answer
    type: llm
    services: { llm: default }
    config: { system: "Be {{vars.tone}}.", prompt: "{{input}} {{nodes.lookup.output}}", stream: true }
edges:
  - type: conditional
    from: route
    condition: { kind: switch, path: nodes.route.output }
    mapping: { weather: lookup }
    default: answer
  - { from: lookup, to: answer }
  - { from: answer, to: __end__ }
`;

describe('agenthub login → push → diff → pull against a real API process', () => {
  let api: ApiProcess;
  let key: string;
  let env: NodeJS.ProcessEnv;
  let project: string;

  beforeAll(async () => {
    assertBuilt();
    api = await startApi();
    key = await createApiKey(api.baseUrl, api.admin.email, api.admin.password);
    env = cliEnv({ OPENAI_API_KEY: MODEL_KEY });
    project = tempDir();
    expect((await runCli(['init', '.', '--name', 'Weather desk'], { cwd: project, env })).code).toBe(0);
    writeFileSync(join(project, 'workflow.yaml'), WORKFLOW);
  }, 120_000);
  afterAll(async () => {
    await api?.stop();
  });

  it('stores the key 0600 in the config dir, then pushes, diffs and pulls the workflow back without secrets', async () => {
    const login = await runCli(['login', '--server', api.baseUrl], { cwd: project, env, input: `${key}\n` });
    expect(login.stderr).toBe('');
    expect(login.code).toBe(0);
    const credentials = join(env.XDG_CONFIG_HOME!, 'agenthub', 'credentials.json');
    expect(statSync(credentials).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(credentials, 'utf8')).servers[api.baseUrl].apiKey).toBe(key);

    const push = await runCli(['push'], { cwd: project, env });
    expect(push.stderr).toBe('');
    expect(push.code).toBe(0);
    expect(push.stdout).toContain(`created weather-desk on ${api.baseUrl}`);
    const again = await runCli(['--json', 'push'], { cwd: project, env });
    expect(JSON.parse(again.stdout)).toMatchObject({ ok: true, created: false, slug: 'weather-desk' });

    const same = await runCli(['diff'], { cwd: project, env });
    expect(same.stdout).toContain('local and server (draft) are the same');
    expect(same.code).toBe(0);

    // Someone pastes a token into the header in the web Studio (the server keeps drafts as saved).
    const auth = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const agents = (await (
      await fetch(`${api.baseUrl}/api/agents?q=weather-desk`, { headers: auth })
    ).json()) as {
      items: Array<{ id: string }>;
    };
    const agentId = agents.items[0].id;
    const detail = (await (
      await fetch(`${api.baseUrl}/api/agents/${agentId}`, { headers: auth })
    ).json()) as {
      draft: { workflowDefinition: { nodes: Array<{ config: { headers?: Record<string, string> } }> } };
    };
    const definition = detail.draft.workflowDefinition;
    definition.nodes[1].config.headers = { Authorization: `Bearer ${SECRET}` };
    const saved = await fetch(`${api.baseUrl}/api/agents/${agentId}/workflow`, {
      method: 'PUT',
      headers: auth,
      body: JSON.stringify({ definition, systemPrompt: 'Answer concisely.' }),
    });
    expect(saved.status).toBe(200);

    const pulled = join(tempDir(), 'pulled');
    const pull = await runCli(['pull', 'weather-desk', '--dir', pulled], { cwd: project, env });
    expect(pull.code).toBe(0);
    const files = readdirSync(pulled);
    expect(files).toEqual(
      expect.arrayContaining(['agenthub.yaml', 'workflow.yaml', 'agenthub.schema.json', '.env.example']),
    );
    for (const f of files) {
      const text = readFileSync(join(pulled, f), 'utf8');
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(MODEL_KEY);
      expect(text).not.toContain(key);
    }
    const manifest = parse(readFileSync(join(pulled, 'agenthub.yaml'), 'utf8'));
    expect(manifest).toMatchObject({
      name: 'Weather desk',
      slug: 'weather-desk',
      systemPrompt: 'Answer concisely.',
      models: { default: { apiKey: '${OPENAI_API_KEY}' } },
      workflow: './workflow.yaml',
    });
    const local = parse(WORKFLOW);
    const back = parse(readFileSync(join(pulled, 'workflow.yaml'), 'utf8'));
    expect(back.nodes.map((n: { id: string }) => n.id)).toEqual(['route', 'lookup', 'answer']);
    expect(back.edges).toEqual(local.edges);
    expect(back.variables).toEqual(local.variables);
    expect(back.nodes[2].config).toEqual(local.nodes[2].config);
    expect(back.nodes[1].config.headers.Authorization).toBe('${LOOKUP_AUTHORIZATION}');
    expect(readFileSync(join(pulled, '.env.example'), 'utf8')).toContain('LOOKUP_AUTHORIZATION=');

    // The pulled project is a working project: it validates once its variables are set.
    const check = await runCli(['validate'], {
      cwd: pulled,
      env: { ...env, LOOKUP_AUTHORIZATION: 'Bearer x' },
    });
    expect(check.stderr).toBe('');
    expect(check.code).toBe(0);
  });

  it('shows structural changes and exits 6, then publishes a version with the changelog', async () => {
    const changed = WORKFLOW.replace(
      '  - { from: answer, to: __end__ }',
      '  - { from: answer, to: footer }\n  - { from: footer, to: __end__ }',
    ).replace(
      '  - id: answer\n',
      '  - id: footer\n    type: answer\n    config: { text: "Bye" }\n  - id: answer\n',
    );
    writeFileSync(join(project, 'workflow.yaml'), changed);
    const diff = await runCli(['diff'], { cwd: project, env });
    expect(diff.code).toBe(6);
    expect(diff.stdout).toContain('+ node footer (answer)');
    expect(diff.stdout).toContain('+ edge answer → footer (normal)');
    expect(diff.stdout).toContain('- edge answer → __end__ (normal)');
    const json = JSON.parse((await runCli(['--json', 'diff'], { cwd: project, env })).stdout);
    expect(json.same).toBe(false);
    expect(json.workflow.nodesAdded).toEqual([{ id: 'footer', type: 'answer' }]);

    const publish = await runCli(['push', '--publish'], { cwd: project, env });
    expect(publish.code).toBe(0);
    expect(publish.stdout).toContain('submitted version 0.1.0');

    const versions = await fetch(`${api.baseUrl}/api/agents?q=weather-desk`, {
      headers: { authorization: `Bearer ${key}` },
    }).then((r) => r.json() as Promise<{ items: Array<{ id: string }> }>);
    const list = await fetch(`${api.baseUrl}/api/agents/${versions.items[0].id}/versions`, {
      headers: { authorization: `Bearer ${key}` },
    }).then((r) => r.json() as Promise<{ items: Array<{ version: string; changelog: string }> }>);
    expect(list.items[0]).toMatchObject({ version: '0.1.0', changelog: 'First version.' });
  });

  it('starts a project from a server template with init --template', async () => {
    const templates = (await (
      await fetch(`${api.baseUrl}/api/workflow-templates?pageSize=100`, {
        headers: { authorization: `Bearer ${key}` },
      })
    ).json()) as { items: Array<{ key: string; name: string }> };
    expect(templates.items.length).toBeGreaterThan(0);
    const template = templates.items[0];
    const dir = tempDir();
    const init = await runCli(['init', 'from-template', '--template', template.key], { cwd: dir, env });
    expect(init.stderr).toBe('');
    expect(init.code).toBe(0);
    const manifest = parse(readFileSync(join(dir, 'from-template', 'agenthub.yaml'), 'utf8'));
    expect(manifest.name).toBe(template.name);
    const workflow = parse(readFileSync(join(dir, 'from-template', 'workflow.yaml'), 'utf8'));
    expect(JSON.stringify(workflow)).not.toContain('{{params.');
    const check = await runCli(['--json', 'validate'], { cwd: join(dir, 'from-template'), env });
    expect(JSON.parse(check.stdout)).toMatchObject({ errors: 0 });
  });

  it('serve sends heartbeats that the platform lists as an up instance', async () => {
    const srv = await startCli(
      [
        'serve',
        '--port',
        '0',
        '--model',
        'demo',
        '--platform',
        api.baseUrl,
        '--instance',
        'laptop-1',
        '--heartbeat-interval',
        '1',
      ],
      { cwd: project, env: { ...env, WEATHER_TOKEN: 'Bearer local' } },
    );
    try {
      let items: Array<{ instanceId: string; status: string; agentSlug: string }> = [];
      const deadline = Date.now() + 15_000;
      while (Date.now() < deadline) {
        const res = await fetch(`${api.baseUrl}/api/runtime-instances`, {
          headers: { authorization: `Bearer ${key}` },
        });
        items = ((await res.json()) as { items: typeof items }).items;
        if (items.length) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(items).toEqual([
        expect.objectContaining({ instanceId: 'laptop-1', status: 'up', agentSlug: 'weather-desk' }),
      ]);
      expect(srv.output()).not.toContain('heartbeat →');
    } finally {
      await srv.stop();
    }
  });

  it('exits 4 without a login, 4 with a refused key and 7 for an unknown slug', async () => {
    const fresh = cliEnv();
    const noLogin = await runCli(['pull', 'weather-desk'], { cwd: tempDir(), env: fresh });
    expect(noLogin.code).toBe(4);
    expect(noLogin.stderr).toContain('agenthub login');
    const badKey = await runCli(['pull', 'weather-desk', '--server', api.baseUrl, '--api-key', 'ahk_wrong'], {
      cwd: tempDir(),
      env: fresh,
    });
    expect(badKey.code).toBe(4);
    const unknown = await runCli(['pull', 'no-such-agent'], { cwd: tempDir(), env });
    expect(unknown.code).toBe(7);
  });
});
