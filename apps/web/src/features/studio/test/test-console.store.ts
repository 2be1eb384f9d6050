import { computed, ref, shallowRef } from 'vue';
import { defineStore } from 'pinia';
import type { ChatTurn, RunEvent, RunStep } from '@agenthub/contracts';
import { agentRunsApi } from '@/api/agent-runs.api';
import { chatsApi, type EventStreamHandlers } from '@/api/chats.api';
import {
  applyRunEvent,
  blankMessageView,
  type MessageView,
  type RunStreamEvent,
} from '@/shared/runs/run-events.reducer';
import { type Connect, followRun, type StreamState } from '@/shared/runs/run-follower';

let localIds = 0;
const nextId = (role: string) => `test-${role}-${++localIds}`;

/**
 * The Test tab's conversation with the draft: its turns (the answers are MessageViews from the
 * shared run-event reducer), the events of the run on screen (the canvas paints node states from
 * them) and its steps (the trace, re-read as nodes finish: the API writes a test run's steps as
 * they finish). A store, so the conversation is kept while the developer edits on the Workflow
 * tab, unless `keepAcrossEdits` is off.
 */
export const useTestConsoleStore = defineStore('studio-test-console', () => {
  const agentId = ref<string | null>(null);
  const turns = ref<MessageView[]>([]);
  const events = shallowRef<RunEvent[]>([]);
  const runId = ref<string | null>(null);
  const steps = shallowRef<RunStep[]>([]);
  const streamState = ref<StreamState>('idle');
  const keepAcrossEdits = ref(true);
  let abort: AbortController | null = null;
  let stepsTicket = 0;

  const reply = computed(() => [...turns.value].reverse().find((m) => m.role === 'assistant'));
  const status = computed(() => reply.value?.status ?? null);
  const busy = computed(() => streamState.value !== 'idle');

  function forAgent(id: string) {
    if (agentId.value === id) return;
    clear();
    agentId.value = id;
  }

  function clear() {
    abort?.abort();
    turns.value = [];
    events.value = [];
    runId.value = null;
    steps.value = [];
  }

  /** The draft changed on the Workflow tab: the conversation goes unless it is kept. */
  function draftEdited() {
    if (!keepAcrossEdits.value && !busy.value) clear();
  }

  function updateReply(id: string, change: (m: MessageView) => MessageView) {
    turns.value = turns.value.map((m) => (m.id === id ? change(m) : m));
  }

  async function refreshSteps() {
    const agent = agentId.value;
    const run = runId.value;
    if (!agent || !run) return;
    const ticket = ++stepsTicket;
    const page = await agentRunsApi.steps(agent, run);
    if (ticket === stepsTicket && run === runId.value) steps.value = page.items;
  }

  async function stream(replyId: string, connect: Connect, known?: { runId: string; lastEventId: number }) {
    abort?.abort();
    const mine = new AbortController();
    abort = mine;
    const onEvent = (event: RunStreamEvent) => {
      if (event.type === 'run' && event.data.runId !== runId.value) {
        runId.value = event.data.runId;
        steps.value = [];
      }
      events.value = [...events.value, event];
      updateReply(replyId, (m) => applyRunEvent(m, event));
      if ((event.type === 'node' && event.data.status !== 'started') || event.type === 'done')
        void refreshSteps().catch(() => undefined);
    };
    try {
      await followRun({
        connect,
        reattach: (id, lastEventId, handlers) => chatsApi.runStream(id, lastEventId, handlers),
        runId: known?.runId,
        lastEventId: known?.lastEventId,
        onEvent,
        onState: (state) => {
          if (abort === mine) streamState.value = state;
        },
        signal: mine.signal,
      });
    } catch (err) {
      updateReply(replyId, (m) => ({
        ...m,
        status: 'failed',
        error: { code: 'stream_failed', message: err instanceof Error ? err.message : String(err) },
      }));
    } finally {
      if (abort === mine) abort = null;
    }
  }

  /** Sends a message to the draft: a new run with the conversation so far as history. */
  async function send(input: string, variables: Record<string, unknown>) {
    const agent = agentId.value;
    if (!agent) return;
    const history: ChatTurn[] = turns.value
      .filter((m) => m.status === 'completed' && m.content)
      .map((m) => ({ role: m.role, content: m.content }));
    const now = new Date().toISOString();
    const question = { ...blankMessageView('test', 'user', nextId('user'), null, now), content: input };
    const answer = blankMessageView('test', 'assistant', nextId('assistant'), question.id, now);
    turns.value = [...turns.value, { ...question, status: 'completed' }, answer];
    events.value = [];
    const body = { input, history, ...(Object.keys(variables).length ? { variables } : {}) };
    await stream(answer.id, (h: EventStreamHandlers) => agentRunsApi.test(agent, body, h));
  }

  /** Answers the paused run's question: the same run goes on in the same answer. */
  async function resume(answer: string) {
    const agent = agentId.value;
    const current = reply.value;
    if (!agent || !current?.runId || current.status !== 'paused') return;
    const run = current.runId;
    await stream(current.id, (h) => agentRunsApi.resume(agent, run, answer, h), {
      runId: run,
      lastEventId: current.lastEventId,
    });
  }

  /** Retries the failed run from the node that failed. */
  async function retry() {
    const agent = agentId.value;
    const current = reply.value;
    if (!agent || !current?.runId || current.status !== 'failed') return;
    const run = current.runId;
    await stream(current.id, (h) => agentRunsApi.retry(agent, run, h), {
      runId: run,
      lastEventId: current.lastEventId,
    });
  }

  /** Shows a recorded run's trace (from the history); the conversation stays. */
  async function viewRun(id: string) {
    if (busy.value) return;
    runId.value = id;
    events.value = [];
    steps.value = [];
    await refreshSteps();
  }

  async function cancel() {
    const agent = agentId.value;
    const run = runId.value;
    if (!agent || !run) return;
    await agentRunsApi.cancel(agent, run);
  }

  return {
    agentId,
    turns,
    events,
    runId,
    steps,
    streamState,
    keepAcrossEdits,
    reply,
    status,
    busy,
    forAgent,
    clear,
    draftEdited,
    refreshSteps,
    viewRun,
    send,
    resume,
    retry,
    cancel,
  };
});
