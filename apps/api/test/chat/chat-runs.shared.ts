import { Writable } from 'node:stream';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { RUN_SUMMARY_RESERVED_IDS } from '@agenthub/contracts';
import { type MockOpenAIServer, startMockOpenAI } from '@agenthub/testkit';
import { ChatRunService } from '../../src/chat/chat-run.service';
import { RunEventBus } from '../../src/queue/run-event-bus.port';
import { RunQueue } from '../../src/queue/run-queue.port';
import { WorkerModule } from '../../src/worker.module';
import { deleteRedisKeys } from '../helpers/test-redis';
import type { TestApp } from '../helpers/test-app';
import {
  APPROVAL_DEFINITION,
  baseUrl,
  TWO_STEP_DEFINITION,
  auth,
  type ChatCast,
  createChat,
  createChatCast,
  createChatTestApp,
  dataOf,
  eventTypes,
  publishAgent,
  sse,
  useMockAsDefaultLlm,
  waitFor,
} from './chat-test.fixtures';

const quiet = new Writable({ write: (_c, _e, done) => done() });
const SLOW_ANSWER = 'one two three four five six seven eight';

/** The API in `mode`; in bullmq mode with a worker context on the same database and Redis prefix. */
async function startRunsApp(
  mode: 'inline' | 'bullmq',
  env: Record<string, string> = {},
): Promise<{ t: TestApp; worker?: INestApplicationContext }> {
  const t = await createChatTestApp(
    mode === 'bullmq' ? { redis: true, env: { QUEUE_MODE: 'bullmq', ...env } } : { env },
  );
  if (mode === 'inline') return { t };
  const worker = await NestFactory.createApplicationContext(
    WorkerModule.forRoot({ config: t.config, logDestination: quiet }),
    { logger: false },
  );
  await worker.init();
  return { t, worker };
}

/**
 * Booting an API (and, in bullmq mode, a worker context) and publishing the suites' agents takes
 * about 5 s alone, but late in the in-band API run it was seen to pass jest's 30 s default.
 */
const SETUP_TIMEOUT_MS = 90_000;

/**
 * The run behaviours every queue mode must show alike: streamed turns, reconnect with
 * Last-Event-ID, cancel, human-input pause and resume, runs ended by the queue's lost listener.
 * In bullmq mode the API only enqueues and relays; a worker context on the same database and
 * Redis prefix executes the runs.
 */
export function describeChatRuns(mode: 'inline' | 'bullmq'): void {
  describe(`chat runs (${mode} queue)`, () => {
    let t: TestApp;
    let worker: INestApplicationContext | undefined;
    let c: ChatCast;
    let llm: MockOpenAIServer;
    let agent: { id: string; slug: string };
    let approval: { id: string };
    let twoStep: { id: string };

    beforeAll(async () => {
      llm = await startMockOpenAI();
      ({ t, worker } = await startRunsApp(mode));
      c = await createChatCast(t);
      await useMockAsDefaultLlm(t, c.admin, llm);
      agent = await publishAgent(t, c.owner);
      approval = await publishAgent(t, c.owner, APPROVAL_DEFINITION);
      twoStep = await publishAgent(t, c.owner, TWO_STEP_DEFINITION);
    }, SETUP_TIMEOUT_MS);
    afterAll(async () => {
      await worker?.close();
      await t?.close();
      await llm?.close();
      if (t?.redisPrefix) await deleteRedisKeys(t.redisPrefix);
    });
    beforeEach(() => llm.reset());

    const slow = () => llm.setResponder(() => ({ content: SLOW_ANSWER, tokenDelayMs: 60 }));

    it('streams a turn and, after a dropped connection, replays exactly the missing events', async () => {
      slow();
      const chat = await createChat(t, c.user, agent.id);
      // The client drops after its second message delta.
      const first = await sse(
        t,
        c.user,
        'POST',
        `/api/chats/${chat.id}/messages`,
        { content: 'count' },
        {},
        (_e, all) => all.filter((x) => x.event === 'message').length === 2,
      );
      expect(first.status).toBe(200);
      const runId = dataOf(first.events[0]!).runId as string;
      const lastSeen = first.events.at(-1)!.id!;

      const rest = await sse(t, c.user, 'GET', `/api/runs/${runId}/stream`, undefined, {
        'Last-Event-ID': lastSeen,
      });
      expect(rest.status).toBe(200);
      expect(eventTypes(rest.events).at(-1)).toBe('done');
      const joined = [...first.events, ...rest.events];
      const ids = joined.map((e) => Number(e.id));
      expect(ids).toEqual(ids.map((_, i) => i + 1)); // no gap, no duplicate
      const text = joined
        .filter((e) => e.event === 'message')
        .map((e) => dataOf(e).delta as string)
        .join('');
      expect(text).toBe(SLOW_ANSWER);
      // The run went on while nobody listened: the reply is complete.
      expect(dataOf(rest.events.at(-1)!).status).toBe('completed');

      // A finished run replays from the start (or from the query parameter) to its done.
      const replay = await sse(t, c.user, 'GET', `/api/runs/${runId}/stream`);
      expect(replay.events.map((e) => e.id)).toEqual(joined.map((e) => e.id));
      const tail = await sse(t, c.user, 'GET', `/api/runs/${runId}/stream?lastEventId=${lastSeen}`);
      expect(tail.events.map((e) => e.id)).toEqual(rest.events.map((e) => e.id));
      // Nothing follows the done: 204 at once, no second done (an EventSource stops reconnecting).
      const doneId = joined.at(-1)!.id!;
      const afterDone = await sse(t, c.user, 'GET', `/api/runs/${runId}/stream`, undefined, {
        'Last-Event-ID': doneId,
      });
      expect(afterDone.status).toBe(204);
      expect(afterDone.events).toEqual([]);
      const bad = await t.http().get(`/api/runs/${runId}/stream?lastEventId=abc`).set(auth(c.user));
      expect(bad.status).toBe(400);
      expect(bad.body.details[0].path).toBe('query.lastEventId');

      const messages = await t.http().get(`/api/chats/${chat.id}/messages`).set(auth(c.user));
      expect(messages.body.items[1]).toMatchObject({ status: 'completed', content: SLOW_ANSWER });
    });

    it('reconnecting at every position of a finished run gives exactly the rest, never a second done', async () => {
      const chat = await createChat(t, c.user, agent.id);
      const all = await sse(t, c.user, 'POST', `/api/chats/${chat.id}/messages`, { content: 'every' });
      const runId = dataOf(all.events[0]!).runId as string;
      const ids = all.events.map((e) => Number(e.id));
      expect(ids.length).toBeGreaterThan(3);
      expect(eventTypes(all.events).filter((x) => x === 'done')).toHaveLength(1);
      for (let at = 0; at <= ids.length; at++) {
        const after = at === 0 ? 0 : ids[at - 1]!;
        const rest = await sse(
          t,
          c.user,
          'GET',
          `/api/runs/${runId}/stream`,
          undefined,
          at === 0 ? {} : { 'Last-Event-ID': String(after) },
        );
        expect(rest.events.map((e) => Number(e.id))).toEqual(ids.slice(at));
        expect(rest.events.map((e) => e.data)).toEqual(all.events.slice(at).map((e) => e.data));
        expect(rest.status).toBe(at === ids.length ? 204 : 200);
      }
    });

    it('cancels a running turn: done is cancelled and the reply keeps its partial text', async () => {
      slow();
      const chat = await createChat(t, c.user, agent.id);
      let cancelStatus: number | undefined;
      const result = await sse(
        t,
        c.user,
        'POST',
        `/api/chats/${chat.id}/messages`,
        { content: 'go' },
        {},
        (e, all) => {
          if (e.event === 'message' && cancelStatus === undefined) {
            cancelStatus = 0;
            const runId = dataOf(all[0]!).runId as string;
            void t
              .http()
              .post(`/api/runs/${runId}/cancel`)
              .set(auth(c.user))
              .then((r) => (cancelStatus = r.status));
          }
          return false;
        },
      );
      expect(cancelStatus).toBe(202);
      const done = dataOf(result.events.at(-1)!);
      expect(done.status).toBe('cancelled');
      const runId = done.runId as string;
      const run = await t.http().get(`/api/runs/${runId}`).set(auth(c.user));
      expect(run.body.status).toBe('cancelled');
      const reply = (await t.http().get(`/api/chats/${chat.id}/messages`).set(auth(c.user))).body.items[1];
      expect(reply.status).toBe('cancelled');
      expect(reply.content.length).toBeGreaterThan(0);
      expect(SLOW_ANSWER.startsWith(reply.content)).toBe(true);
      expect(reply.content).not.toBe(SLOW_ANSWER);

      const again = await t.http().post(`/api/runs/${runId}/cancel`).set(auth(c.user));
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('run_not_active');
      // The chat accepts the next message.
      llm.reset();
      await t
        .http()
        .post(`/api/chats/${chat.id}/messages`)
        .set(auth(c.user))
        .send({ content: 'next' })
        .expect(201);
    });

    it('pauses at human input and resumes through the queue without re-running earlier nodes', async () => {
      const chat = await createChat(t, c.user, approval.id);
      const turn = await t
        .http()
        .post(`/api/chats/${chat.id}/messages`)
        .set(auth(c.user))
        .send({ content: 'news' });
      expect(turn.status).toBe(201);
      expect(turn.body.run.status).toBe('paused');
      expect(turn.body.assistantMessage).toMatchObject({
        status: 'paused',
        metadata: { prompt: 'Publish it?' },
      });
      expect(llm.callCount).toBe(1);
      const runId = turn.body.run.id as string;

      const badBody = await t.http().post(`/api/runs/${runId}/resume`).set(auth(c.user)).send({});
      expect(badBody.status).toBe(400);
      expect(badBody.body.details[0].path).toBe('body.input');

      const resumed = await sse(t, c.user, 'POST', `/api/runs/${runId}/resume`, { input: 'yes' });
      expect(resumed.status).toBe(200);
      const types = eventTypes(resumed.events);
      expect(types[0]).toBe('run');
      expect(types.at(-1)).toBe('done');
      expect(dataOf(resumed.events.at(-1)!).status).toBe('completed');
      // Ids continue after the paused segment's done instead of starting over.
      expect(Number(resumed.events[0]!.id)).toBeGreaterThan(1);
      expect(llm.callCount).toBe(1); // the llm node did not run again

      const reply = (await t.http().get(`/api/chats/${chat.id}/messages`).set(auth(c.user))).body.items[1];
      expect(reply.status).toBe('completed');
      expect(reply.content).toContain('Approved.');
      expect(reply.content.startsWith('Mock answer to:')).toBe(true);

      const twice = await t.http().post(`/api/runs/${runId}/resume`).set(auth(c.user)).send({ input: 'yes' });
      expect(twice.status).toBe(409);
      expect(twice.body.code).toBe('run_not_paused');
      // The full history of the run replays across both segments with increasing ids.
      const all = await sse(t, c.user, 'GET', `/api/runs/${runId}/stream?lastEventId=0`);
      const ids = all.events.map((e) => Number(e.id));
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      // One stream of the finished run: both segments (paused done, then the resumed one's).
      expect(all.events.filter((e) => e.event === 'done').map((e) => dataOf(e).status)).toEqual([
        'paused',
        'completed',
      ]);
      expect(all.events.at(-1)!.id).toBe(resumed.events.at(-1)!.id);
      // The resumed segment starts above the paused done and the ids kept free for a summary.
      const pausedDone = all.events.find((e) => e.event === 'done')!;
      expect(Number(resumed.events[0]!.id)).toBe(Number(pausedDone.id) + RUN_SUMMARY_RESERVED_IDS + 1);
    });

    it('cancels a paused run, and a lost run ends failed with error + done and a failed reply', async () => {
      const chat = await createChat(t, c.user, approval.id);
      const paused = await t
        .http()
        .post(`/api/chats/${chat.id}/messages`)
        .set(auth(c.user))
        .send({ content: 'a' });
      const cancelled = await t.http().post(`/api/runs/${paused.body.run.id}/cancel`).set(auth(c.user));
      expect(cancelled.status).toBe(202);
      expect(cancelled.body.status).toBe('cancelled');
      expect((await t.http().get(`/api/runs/${paused.body.run.id}`).set(auth(c.user))).body.status).toBe(
        'cancelled',
      );

      const lost = await t
        .http()
        .post(`/api/chats/${chat.id}/messages`)
        .set(auth(c.user))
        .send({ content: 'b' });
      const runId = lost.body.run.id as string;
      const after = String(
        (
          await t.db.query<{ last_event_id: number }>(
            `SELECT last_event_id FROM workflow_executions WHERE id = $1`,
            [runId],
          )
        )[0]!.last_event_id,
      );
      // What the queue calls when a worker died or a job timed out.
      await t.app.get(ChatRunService).onRunLost(runId, 'worker_lost');
      const stream = await sse(t, c.user, 'GET', `/api/runs/${runId}/stream`, undefined, {
        'Last-Event-ID': after,
      });
      expect(eventTypes(stream.events)).toEqual(['error', 'done']);
      expect(dataOf(stream.events[0]!).code).toBe('worker_lost');
      expect(dataOf(stream.events[1]!).status).toBe('failed');
      const run = await t.http().get(`/api/runs/${runId}`).set(auth(c.user));
      expect(run.body).toMatchObject({ status: 'failed', error: { code: 'worker_lost' } });
      await waitFor(async () => {
        const items = (await t.http().get(`/api/chats/${chat.id}/messages`).set(auth(c.user))).body.items;
        return items.at(-1).status === 'failed' && items.at(-1).metadata.error?.code === 'worker_lost';
      });
      // Idempotent: a second report changes nothing.
      await t.app.get(ChatRunService).onRunLost(runId, 'timeout');
      expect((await t.http().get(`/api/runs/${runId}`).set(auth(c.user))).body.error.code).toBe(
        'worker_lost',
      );
    });

    it('retries a failed run from its checkpoint without re-running the node that finished', async () => {
      llm.setResponder((req, i) =>
        i === 1 ? { error: { status: 400, message: 'upstream refused' } } : { content: `part${i}` },
      );
      const chat = await createChat(t, c.user, twoStep.id);
      const failed = await t
        .http()
        .post(`/api/chats/${chat.id}/messages`)
        .set(auth(c.user))
        .send({ content: 'x' });
      expect(failed.body.run.status).toBe('failed');
      expect(failed.body.assistantMessage.status).toBe('failed');
      const calls = llm.callCount;
      const runId = failed.body.run.id as string;
      expect(
        (await t.http().post(`/api/runs/${runId}/resume`).set(auth(c.user)).send({ input: 'y' })).status,
      ).toBe(409);

      llm.setResponder(() => ({ content: 'second done' }));
      const retried = await sse(t, c.user, 'POST', `/api/runs/${runId}/retry`);
      expect(retried.status).toBe(200);
      expect(eventTypes(retried.events)[0]).toBe('run');
      expect(dataOf(retried.events.at(-1)!).status).toBe('completed');
      expect(llm.callCount).toBe(calls + 1); // only the failed node ran again
      const reply = (await t.http().get(`/api/chats/${chat.id}/messages`).set(auth(c.user))).body.items[1];
      expect(reply.status).toBe('completed');
      expect(reply.metadata.error).toBeUndefined();
      expect(reply.content).toBe('part0second done');
      const again = await t.http().post(`/api/runs/${runId}/retry`).set(auth(c.user));
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('run_not_failed');
    });

    it('draft test runs and /v1 runs can be re-joined and replayed with GET /runs/:id/stream too', async () => {
      const test = await sse(t, c.owner, 'POST', `/api/agents/${agent.id}/test`, { input: 'draft' });
      expect(eventTypes(test.events).at(-1)).toBe('done');
      const testRun = dataOf(test.events[0]!).runId as string;
      const replay = await sse(t, c.owner, 'GET', `/api/runs/${testRun}/stream`);
      expect(replay.events).toEqual(test.events);
      const rest = await sse(t, c.owner, 'GET', `/api/runs/${testRun}/stream?lastEventId=1`);
      expect(rest.events).toEqual(test.events.slice(1));
      const none = await sse(t, c.owner, 'GET', `/api/runs/${testRun}/stream`, undefined, {
        'Last-Event-ID': test.events.at(-1)!.id!,
      });
      expect(none.status).toBe(204);
      expect((await t.http().get(`/api/runs/${testRun}/stream`).set(auth(c.user))).status).toBe(404);

      await t.http().post(`/api/store/agents/${agent.id}/install`).set(auth(c.user));
      const key = await t.createApiKey(c.user);
      const v1 = await fetch(`${await baseUrl(t)}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: agent.slug, messages: [{ role: 'user', content: 'v1' }] }),
      });
      const completion = (await v1.json()) as {
        id: string;
        choices: Array<{ message: { content: string } }>;
      };
      const v1Run = completion.id.replace('chatcmpl-', '');
      const v1Replay = await sse(t, c.user, 'GET', `/api/runs/${v1Run}/stream`);
      expect(eventTypes(v1Replay.events)[0]).toBe('run');
      expect(dataOf(v1Replay.events.at(-1)!).status).toBe('completed');
      expect(
        v1Replay.events
          .filter((e) => e.event === 'message')
          .map((e) => dataOf(e).delta)
          .join(''),
      ).toBe(completion.choices[0]!.message.content);
    });

    it('answers JSON without secrets, executed by the configured queue', async () => {
      const chat = await createChat(t, c.user, agent.id);
      const turn = await t
        .http()
        .post(`/api/chats/${chat.id}/messages`)
        .set(auth(c.user))
        .send({ content: 's' });
      expect(turn.body.assistantMessage.status).toBe('completed');
      expect(JSON.stringify(turn.body)).not.toContain('sk-mock-secret');
      expect(t.app.get(RunQueue).constructor.name).toBe(
        mode === 'bullmq' ? 'BullmqRunQueue' : 'InlineRunQueue',
      );
    });
  });

  describe(`chat run streams after the event buffer expired (${mode} queue)`, () => {
    let t: TestApp;
    let worker: INestApplicationContext | undefined;
    let c: ChatCast;
    let llm: MockOpenAIServer;
    let agent: { id: string };
    let approval: { id: string };

    beforeAll(async () => {
      llm = await startMockOpenAI();
      // The retention window of a finished run's events, short: 2 s.
      ({ t, worker } = await startRunsApp(
        mode,
        mode === 'bullmq' ? { RUN_EVENTS_TTL_SEC: '2' } : { RUN_EVENTS_MEMORY_TTL_SEC: '2' },
      ));
      c = await createChatCast(t);
      await useMockAsDefaultLlm(t, c.admin, llm);
      agent = await publishAgent(t, c.owner);
      approval = await publishAgent(t, c.owner, APPROVAL_DEFINITION);
    }, SETUP_TIMEOUT_MS);
    afterAll(async () => {
      await worker?.close();
      await t?.close();
      await llm?.close();
      if (t?.redisPrefix) await deleteRedisKeys(t.redisPrefix);
    });

    const expired = (runId: string) =>
      waitFor(async () => (await t.app.get(RunEventBus).position(runId)) === null, 15_000);

    it('replays a finished run in full while buffered, then its summary, and nothing after either end', async () => {
      const chat = await createChat(t, c.user, agent.id);
      const live = await sse(t, c.user, 'POST', `/api/chats/${chat.id}/messages`, { content: 'sum' });
      const runId = dataOf(live.events[0]!).runId as string;
      const lastId = Number(live.events.at(-1)!.id);
      const answer = live.events
        .filter((e) => e.event === 'message')
        .map((e) => dataOf(e).delta)
        .join('');
      expect(answer).toContain('Mock answer to:');

      const buffered = await sse(t, c.user, 'GET', `/api/runs/${runId}/stream`);
      expect(buffered.events).toEqual(live.events);

      await expired(runId);
      const summary = await sse(t, c.user, 'GET', `/api/runs/${runId}/stream`);
      expect(summary.status).toBe(200);
      expect(eventTypes(summary.events)).toEqual(['run', 'message', 'done']);
      expect(summary.events.map((e) => Number(e.id))).toEqual([lastId + 1, lastId + 2, lastId + 3]);
      expect(dataOf(summary.events[0]!)).toMatchObject({ runId, summary: true });
      expect(dataOf(summary.events[1]!).delta).toBe(answer);
      expect(dataOf(summary.events[2]!)).toMatchObject({ status: 'completed', output: answer });
      expect(dataOf(summary.events[2]!).usage).toEqual(dataOf(live.events.at(-1)!).usage);

      // After the original done, or after the summary's: nothing, whatever expired.
      for (const after of [lastId, lastId + 3]) {
        const none = await sse(t, c.user, 'GET', `/api/runs/${runId}/stream`, undefined, {
          'Last-Event-ID': String(after),
        });
        expect(none.status).toBe(204);
      }
      // Mid-summary: its rest. Mid-run (those events are gone): the summary, which replaces.
      const rest = await sse(t, c.user, 'GET', `/api/runs/${runId}/stream?lastEventId=${lastId + 1}`);
      expect(rest.events.map((e) => e.id)).toEqual(summary.events.slice(1).map((e) => e.id));
      const mid = await sse(t, c.user, 'GET', `/api/runs/${runId}/stream?lastEventId=2`);
      expect(mid.events).toEqual(summary.events);
    });

    it('a paused run’s summary keeps its question, and the resumed run publishes above the summary ids', async () => {
      const chat = await createChat(t, c.user, approval.id);
      const paused = await t
        .http()
        .post(`/api/chats/${chat.id}/messages`)
        .set(auth(c.user))
        .send({ content: 'news' });
      const runId = paused.body.run.id as string;
      await expired(runId);
      const summary = await sse(t, c.user, 'GET', `/api/runs/${runId}/stream`);
      expect(eventTypes(summary.events)).toEqual(['run', 'message', 'interrupt', 'done']);
      expect(dataOf(summary.events[2]!)).toMatchObject({ nodeId: 'approve', prompt: 'Publish it?' });
      expect(dataOf(summary.events[3]!).status).toBe('paused');
      const summaryEnd = Number(summary.events.at(-1)!.id);

      const resumed = await sse(t, c.user, 'POST', `/api/runs/${runId}/resume`, { input: 'yes' });
      expect(Number(resumed.events[0]!.id)).toBeGreaterThan(summaryEnd);
      expect(dataOf(resumed.events.at(-1)!).status).toBe('completed');
      // A client that had the summary reconnects after its done: exactly the resumed segment.
      const after = await sse(t, c.user, 'GET', `/api/runs/${runId}/stream`, undefined, {
        'Last-Event-ID': String(summaryEnd),
      });
      expect(after.events).toEqual(resumed.events);
    });
  });
}
