/* global document, window, EventSource, setTimeout */
// Issue 18: a browser's own EventSource reconnects by itself whenever the server closes the
// stream, also after `done`. Opened on a finished run, it must show the answer exactly once: the
// replay from the start, then (reconnecting with Last-Event-ID = the done's id) a 204 that stops
// it. After the run's events left the buffer (RUN_EVENTS_MEMORY_TTL_SEC, short in these tests)
// the same holds for the summary rebuilt from the database.
//
// The API authenticates with a bearer token only, which EventSource cannot send: the test adds
// the header to the page's stream requests (Playwright routing) and records each response's status.
import { AGENT_EN, apiLogin, demoAnswer, flat } from '../lib/chat.mjs';
import { assert, uniqueEmail } from '../lib/ui.mjs';

const QUESTION = 'Can I change the delivery address after ordering?';
/** Matches RUN_EVENTS_MEMORY_TTL_SEC of the e2e API (lib/api-server.mjs), plus a margin. */
const BUFFER_EXPIRED_MS = 9_000;

/** Opens `/api/runs/:id/stream` with the page's EventSource; the answer goes into `#answer`. */
async function watchWithEventSource(page, token, runId) {
  // The status of each stream response (the browser adds Last-Event-ID below what routing sees).
  const responses = [];
  const onResponse = (res) => {
    if (/\/api\/runs\/[^/]+\/stream/.test(res.url())) responses.push(res.status());
  };
  page.on('response', onResponse);
  await page.route('**/api/runs/*/stream**', (route) =>
    route.continue({ headers: { ...route.request().headers(), authorization: `Bearer ${token}` } }),
  );
  await page.goto('/');
  const seen = await page.evaluate(
    (runId) =>
      new Promise((resolve) => {
        const answer = document.createElement('pre');
        answer.id = 'answer';
        document.body.append(answer);
        const events = [];
        let opens = 0;
        const source = new EventSource(`/api/runs/${runId}/stream`);
        source.onopen = () => opens++;
        for (const type of ['run', 'node', 'thought', 'message', 'tool', 'interrupt', 'error', 'done'])
          source.addEventListener(type, (e) => {
            const data = JSON.parse(e.data);
            events.push({ id: e.lastEventId, type, summary: data.summary === true });
            if (type === 'message') answer.textContent += data.delta;
          });
        const finish = (why) => {
          source.close();
          resolve({ why, opens, events, readyState: source.readyState });
        };
        // The 204 after `done` "fails the connection": the EventSource closes and stays closed.
        source.onerror = () => {
          if (source.readyState === EventSource.CLOSED) finish('closed by the server');
        };
        window.setTimeout(() => finish('timeout'), 12_000);
      }),
    runId,
  );
  const shown = flat(await page.locator('#answer').innerText());
  await page.unroute('**/api/runs/*/stream**');
  page.off('response', onResponse);
  return { ...seen, responses, shown };
}

export const scenarios = [
  {
    name: 'an EventSource on a finished run shows the answer once and stops after its done',
    async run(ctx) {
      const { page, api, shared } = ctx;
      const email = uniqueEmail('replay');
      const password = 'replay exactly 2026';
      await api('POST', '/auth/register', { email, password, displayName: 'Second Tab' });
      const token = (shared.token = await apiLogin(api, email, password));
      const [agent] = (await api('GET', `/store/agents?q=${encodeURIComponent(AGENT_EN)}`, undefined, token))
        .items;
      const chat = await api('POST', '/chats', { agentId: agent.id }, token);
      const turn = await api('POST', `/chats/${chat.id}/messages`, { content: QUESTION }, token);
      assert(turn.run.status === 'completed', `the run completed, got ${turn.run.status}`);
      shared.runId = turn.run.id;
      shared.answer = flat(turn.assistantMessage.content);
      assert(shared.answer === demoAnswer(QUESTION), 'the stored answer is the demo answer');

      const seen = await watchWithEventSource(page, token, shared.runId);
      assert(seen.why === 'closed by the server', `the server stopped the EventSource (${seen.why})`);
      assert(seen.shown === shared.answer, `the answer is shown once:\n  page: ${seen.shown}`);
      const dones = seen.events.filter((e) => e.type === 'done');
      assert(dones.length === 1, `one done, got ${dones.length}`);
      assert(seen.events.at(-1).type === 'done', 'the done is the last event');
      assert(!seen.events.some((e) => e.summary), 'a buffered run replays its own events');
      const ids = seen.events.map((e) => Number(e.id));
      assert(
        ids.every((id, i) => i === 0 || id > ids[i - 1]),
        `ids increase, none twice: ${ids.join(',')}`,
      );
      // It did reconnect by itself (with Last-Event-ID = the done's id) and got nothing more.
      assert(seen.opens === 1, `one stream opened, got ${seen.opens}`);
      assert(
        JSON.stringify(seen.responses) === '[200,204]',
        `the replay, then one reconnect answered 204: ${JSON.stringify(seen.responses)}`,
      );
    },
  },
  {
    name: 'after the run’s events expired, the summary is shown once and the EventSource stops too',
    async run(ctx) {
      const { page, shared } = ctx;
      await new Promise((resolve) => setTimeout(resolve, BUFFER_EXPIRED_MS));
      const seen = await watchWithEventSource(page, shared.token, shared.runId);
      assert(seen.why === 'closed by the server', `the server stopped the EventSource (${seen.why})`);
      assert(
        seen.events.map((e) => e.type).join(',') === 'run,message,done' && seen.events[0].summary,
        `the summary: ${JSON.stringify(seen.events)}`,
      );
      assert(seen.shown === shared.answer, `the answer is shown once:\n  page: ${seen.shown}`);
      assert(
        JSON.stringify(seen.responses) === '[200,204]',
        `the summary, then one reconnect answered 204: ${JSON.stringify(seen.responses)}`,
      );
    },
  },
];
