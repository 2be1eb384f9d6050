import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lastUserText, startMockOpenAI, type MockOpenAIServer } from '@agenthub/testkit';
import { parse } from 'yaml';
import { assertBuilt, cliEnv, runCli, tempDir } from './helpers/cli-process';

describe('agenthub init → validate → run (spawned CLI, loopback mock LLM)', () => {
  let llm: MockOpenAIServer;
  beforeAll(async () => {
    assertBuilt();
    llm = await startMockOpenAI({ apiKey: 'sk-test-key', tokenDelayMs: 2 });
  });
  afterAll(async () => {
    await llm.close();
  });

  it('creates a project that validates and answers one turn with streamed tokens', async () => {
    const root = tempDir();
    const env = cliEnv({
      OPENAI_BASE_URL: llm.baseURL,
      OPENAI_API_KEY: 'sk-test-key',
      OPENAI_MODEL: 'mock-model',
    });

    const init = await runCli(['init', 'hello-agent'], { cwd: root, env });
    expect(init.stderr).toBe('');
    expect(init.code).toBe(0);
    const dir = join(root, 'hello-agent');
    const manifestText = readFileSync(join(dir, 'agenthub.yaml'), 'utf8');
    expect(manifestText.split('\n')[0]).toBe('# yaml-language-server: $schema=./agenthub.schema.json');
    expect(parse(manifestText)).toMatchObject({ slug: 'hello-agent', workflow: './workflow.yaml' });
    expect(
      JSON.parse(readFileSync(join(dir, 'agenthub.schema.json'), 'utf8')).properties.models,
    ).toBeDefined();
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toContain('agenthub run');

    const validate = await runCli(['validate'], { cwd: dir, env });
    expect(validate.code).toBe(0);
    expect(validate.stdout).toContain('hello-agent: manifest and workflow are valid');

    const run = await runCli(['run', '--input', 'What is AgentHub?', '--trace'], { cwd: dir, env });
    expect(run.stderr).toContain('answer (llm)');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Mock answer to: What is AgentHub?');
    // The trace table: a header and the one node that ran, with its tokens.
    expect(run.stdout).toMatch(/#\s+node\s+type\s+status\s+ms\s+prompt tok\s+completion tok/);
    expect(run.stdout).toMatch(/1\s+answer\s+llm\s+finished\s+\d+\s+\d+\s+\d+/);
    expect(run.stdout).not.toContain('\u001b['); // no colours in a pipe
    // The system prompt of the manifest reached the model with the input.
    const req = llm.requests[llm.requests.length - 1];
    expect(lastUserText(req)).toBe('What is AgentHub?');
    expect(req.messages[0]).toMatchObject({ role: 'system' });
  });

  it('streams each token as a JSON event with --json', async () => {
    const dir = tempDir();
    const env = cliEnv({
      OPENAI_BASE_URL: llm.baseURL,
      OPENAI_API_KEY: 'sk-test-key',
      OPENAI_MODEL: 'mock-model',
    });
    await runCli(['init', '.', '--name', 'Json agent'], { cwd: dir, env });
    const run = await runCli(['--json', 'run', '--input', 'hi there'], { cwd: dir, env });
    expect(run.code).toBe(0);
    const events = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; data: Record<string, unknown> });
    const deltas = events.filter((e) => e.type === 'message').map((e) => e.data.delta);
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.join('')).toBe('Mock answer to: hi there');
    expect(events[events.length - 1]).toMatchObject({ type: 'done', data: { status: 'completed' } });
  });

  it('prints every problem as file:line:col and exits 3; a missing variable is named', async () => {
    const dir = tempDir();
    const env = cliEnv();
    await runCli(['init', '.', '--name', 'Broken'], { cwd: dir, env });
    const manifest = readFileSync(join(dir, 'agenthub.yaml'), 'utf8').replace(
      'slug: broken',
      'slug: Broken Slug',
    );
    writeFileSync(join(dir, 'agenthub.yaml'), manifest);
    const res = await runCli(['validate'], { cwd: dir, env });
    expect(res.code).toBe(3);
    expect(res.stderr).toMatch(/agenthub\.yaml:4:7 error schema_invalid: slug: /);
    expect(res.stderr).toMatch(
      /agenthub\.yaml:\d+:\d+ error env_missing: Environment variable OPENAI_API_KEY is not set/,
    );
    const json = await runCli(['--json', 'validate'], { cwd: dir, env });
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, errors: 2 });
    // run refuses the same manifest with the same exit code; --model demo needs no key.
    expect((await runCli(['run', '--input', 'x'], { cwd: dir, env })).code).toBe(3);
  });

  it('answers a human-input question in the interactive chat, on the offline demo model', async () => {
    const dir = tempDir();
    const env = cliEnv();
    await runCli(['init', '.', '--name', 'Approver'], { cwd: dir, env });
    writeFileSync(
      join(dir, 'workflow.yaml'),
      `entry: ask
nodes:
  - id: ask
    type: human_input
    config: { prompt: "Approve the request '{{input}}'?" }
  - id: reply
    type: template
    config: { template: "Decision: {{nodes.ask.output}}" }
  - id: say
    type: answer
    config: { text: "{{nodes.reply.output}}" }
edges:
  - { from: ask, to: reply }
  - { from: reply, to: say }
  - { from: say, to: __end__ }
`,
    );
    const chat = await runCli(['run', '--model', 'demo'], {
      cwd: dir,
      env,
      input: 'buy a laptop\nyes, approved\n/exit\n',
    });
    expect(chat.code).toBe(0);
    expect(chat.stdout).toContain("? Approve the request 'buy a laptop'?");
    expect(chat.stdout).toContain('Decision: yes, approved');
    expect(chat.stderr).toContain('answer> ');
  });

  it('exits 2 on an unknown option', async () => {
    const res = await runCli(['run', '--no-such-flag'], { cwd: tempDir(), env: cliEnv() });
    expect(res.code).toBe(2);
  });
});
