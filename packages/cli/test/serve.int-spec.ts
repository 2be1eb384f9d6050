import { createServer, type IncomingMessage, type Server } from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { collectSse, startMockOpenAI, type MockOpenAIServer, type SseMessage } from '@agenthub/testkit';
import { assertBuilt, cliEnv, runCli, startCli, tempDir, type LongRunning } from './helpers/cli-process';

const events = (messages: SseMessage[]) => messages.map((m) => ({ type: m.event, data: JSON.parse(m.data) }));

async function invoke(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${url}/invoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return res;
}

describe('agenthub serve (spawned): POST /invoke SSE, sessions, health, heartbeats', () => {
  let llm: MockOpenAIServer;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    assertBuilt();
    llm = await startMockOpenAI({ apiKey: 'sk-serve', tokenDelayMs: 1 });
    dir = tempDir();
    env = cliEnv({ OPENAI_BASE_URL: llm.baseURL, OPENAI_API_KEY: 'sk-serve', OPENAI_MODEL: 'mock-model' });
    const init = await runCli(['init', '.', '--name', 'Served agent'], { cwd: dir, env });
    expect(init.code).toBe(0);
  });
  afterAll(async () => {
    await llm.close();
  });

  describe('in memory', () => {
    let srv: LongRunning;
    beforeAll(async () => {
      srv = await startCli(['serve', '--port', '0'], { cwd: dir, env });
    });
    afterAll(async () => {
      expect(await srv.stop()).toBe(0);
    });

    it('streams the documented events and keeps a multi-turn session', async () => {
      const first = await invoke(srv.url, { input: 'My name is Ada.' });
      expect(first.status).toBe(200);
      expect(first.headers.get('content-type')).toContain('text/event-stream');
      const turn1 = events(await collectSse(first));
      expect(turn1[0]).toMatchObject({ type: 'session', data: { agent: 'served-agent' } });
      const sessionId = turn1[0].data.sessionId as string;
      expect(first.headers.get('x-session-id')).toBe(sessionId);
      expect(turn1.filter((e) => e.type === 'node').map((e) => e.data.status)).toEqual([
        'started',
        'finished',
      ]);
      const text = turn1
        .filter((e) => e.type === 'message')
        .map((e) => e.data.delta)
        .join('');
      expect(text).toBe('Mock answer to: My name is Ada.');
      expect(turn1[turn1.length - 1]).toMatchObject({
        type: 'done',
        data: { status: 'completed', sessionId },
      });
      expect(turn1.filter((e) => e.type === 'done')).toHaveLength(1);

      const second = await invoke(srv.url, { input: 'What is my name?', sessionId });
      const turn2 = events(await collectSse(second));
      expect(turn2[turn2.length - 1]).toMatchObject({
        type: 'done',
        data: { status: 'completed', sessionId },
      });
      // The second model call carries the first turn as history.
      const req = llm.requests[llm.requests.length - 1];
      const contents = req.messages.map((m) => `${m.role}:${typeof m.content === 'string' ? m.content : ''}`);
      expect(contents).toEqual(
        expect.arrayContaining([
          'user:My name is Ada.',
          'assistant:Mock answer to: My name is Ada.',
          'user:What is my name?',
        ]),
      );
    });

    it('sends error then done when the model fails', async () => {
      llm.setResponder(() => ({ error: { status: 500, message: 'upstream exploded' } }));
      try {
        const res = await invoke(srv.url, { input: 'fail please' });
        const evs = events(await collectSse(res));
        expect(evs.map((e) => e.type)).toContain('error');
        expect(evs[evs.length - 1]).toMatchObject({ type: 'done', data: { status: 'failed' } });
      } finally {
        llm.reset();
      }
    });

    it('answers bad requests with 4xx, a code and the field path', async () => {
      const missing = await invoke(srv.url, { input: '' });
      expect(missing.status).toBe(400);
      expect(await missing.json()).toMatchObject({ code: 'validation_failed', details: [{ path: 'input' }] });
      const badSession = await invoke(srv.url, { input: 'x', sessionId: 'nope' });
      expect(badSession.status).toBe(400);
      const unknown = await invoke(srv.url, {
        input: 'x',
        sessionId: '00000000-0000-4000-8000-000000000000',
      });
      expect(unknown.status).toBe(404);
      expect(((await unknown.json()) as { code: string }).code).toBe('session_not_found');
      const notJson = await fetch(`${srv.url}/invoke`, { method: 'POST', body: '{oops' });
      expect(notJson.status).toBe(400);
      expect((await fetch(`${srv.url}/invoke`)).status).toBe(405);
    });

    it('reports health', async () => {
      const res = await fetch(`${srv.url}/health`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({
        status: 'ok',
        agent: 'served-agent',
        version: '0.1.0',
        sessions: 'memory',
      });
    });
  });

  it('keeps sessions as JSON files that survive a restart, and requires the token when set', async () => {
    const sessions = tempDir('agenthub-sessions-');
    const args = ['serve', '--port', '0', '--sessions', sessions, '--token', 'serve-secret'];
    let srv = await startCli(args, { cwd: dir, env });
    const auth = { authorization: 'Bearer serve-secret' };
    try {
      expect((await invoke(srv.url, { input: 'hi' })).status).toBe(401);
      const turn1 = events(await collectSse(await invoke(srv.url, { input: 'Remember 42.' }, auth)));
      const sessionId = turn1[0].data.sessionId as string;
      expect(readdirSync(sessions)).toEqual([`${sessionId}.json`]);
      expect(JSON.parse(readFileSync(join(sessions, `${sessionId}.json`), 'utf8')).history).toHaveLength(2);
      await srv.stop();
      srv = await startCli(args, { cwd: dir, env });
      const turn2 = events(
        await collectSse(await invoke(srv.url, { input: 'Which number?', sessionId }, auth)),
      );
      expect(turn2[turn2.length - 1]).toMatchObject({
        type: 'done',
        data: { status: 'completed', sessionId },
      });
      const req = llm.requests[llm.requests.length - 1];
      expect(req.messages.some((m) => m.content === 'Remember 42.')).toBe(true);
    } finally {
      await srv.stop();
    }
  });

  it('sends heartbeats with the API key to the platform at the interval', async () => {
    const beats: Array<{ auth?: string; body: Record<string, unknown>; path?: string }> = [];
    const platform: Server = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        beats.push({ auth: req.headers.authorization, body: JSON.parse(body || '{}'), path: req.url });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((r) => platform.listen(0, '127.0.0.1', () => r()));
    const port = (platform.address() as { port: number }).port;
    const srv = await startCli(
      [
        'serve',
        '--port',
        '0',
        '--platform',
        `http://127.0.0.1:${port}`,
        '--instance',
        'edge-1',
        '--api-key',
        'ahk_test_key',
        '--heartbeat-interval',
        '1',
      ],
      { cwd: dir, env },
    );
    try {
      const deadline = Date.now() + 15_000;
      while (beats.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(beats.length).toBeGreaterThanOrEqual(3);
      expect(beats[0]).toMatchObject({
        path: '/api/runtime-instances/heartbeat',
        auth: 'Bearer ahk_test_key',
        body: {
          instanceId: 'edge-1',
          agentSlug: 'served-agent',
          version: '0.1.0',
          intervalSec: 1,
          activeSessions: 0,
          host: expect.any(String),
          uptimeSec: expect.any(Number),
          memoryMb: expect.any(Number),
        },
      });
      expect(beats[2].body.uptimeSec as number).toBeGreaterThanOrEqual(1);
    } finally {
      await srv.stop();
      await new Promise<void>((r) => platform.close(() => r()));
    }
  });
});
