import type { TestApp } from '../helpers/test-app';
import {
  auth,
  type ChatCast,
  createChat,
  createChatCast,
  createChatTestApp,
  dataOf,
  publishAgent,
  sse,
} from './chat-test.fixtures';

/** human_input with Yes/No buttons and no free text, routing on the canonical value. */
const CHOICES_DEFINITION = {
  schemaVersion: 1,
  entry: 'approve',
  nodes: [
    {
      id: 'approve',
      type: 'human_input',
      config: {
        prompt: 'Escalate?',
        choices: [
          { value: 'yes', label: 'Yes' },
          { value: 'no', label: 'No' },
        ],
        allowFreeText: false,
      },
    },
    { id: 'escalated', type: 'answer', config: { text: 'Escalated ({{nodes.approve.output}}).' } },
    { id: 'declined', type: 'answer', config: { text: 'Not escalated ({{nodes.approve.output}}).' } },
  ],
  edges: [
    {
      from: 'approve',
      type: 'conditional',
      condition: { kind: 'expression', expression: "nodes.approve.output == 'yes'" },
      mapping: { true: 'escalated' },
      default: 'declined',
    },
    { from: 'escalated', to: '__end__' },
    { from: 'declined', to: '__end__' },
  ],
};

describe('human-input choices in chat (inline queue)', () => {
  let t: TestApp;
  let c: ChatCast;
  let agent: { id: string };

  beforeAll(async () => {
    t = await createChatTestApp();
    c = await createChatCast(t);
    agent = await publishAgent(t, c.owner, CHOICES_DEFINITION);
  });
  afterAll(async () => {
    await t?.close();
  });

  async function pausedTurn() {
    const chat = await createChat(t, c.user, agent.id);
    const turn = await t
      .http()
      .post(`/api/chats/${chat.id}/messages`)
      .set(auth(c.user))
      .send({ content: 'my parcel arrived broken' });
    expect(turn.status).toBe(201);
    expect(turn.body.run.status).toBe('paused');
    return { chatId: chat.id, runId: turn.body.run.id as string, reply: turn.body.assistantMessage };
  }

  const offered = {
    choices: [
      { value: 'yes', label: 'Yes' },
      { value: 'no', label: 'No' },
    ],
    allowFreeText: false,
  };

  it('keeps the choices on the paused reply and in the interrupt event', async () => {
    const { chatId, runId, reply } = await pausedTurn();
    expect(reply.metadata).toMatchObject({ prompt: 'Escalate?', ...offered });
    const stored = (await t.http().get(`/api/chats/${chatId}/messages`).set(auth(c.user))).body.items[1];
    expect(stored.metadata).toMatchObject({ prompt: 'Escalate?', ...offered });
    const replay = await sse(t, c.user, 'GET', `/api/runs/${runId}/stream?lastEventId=0`);
    const interrupt = replay.events.find((e) => e.event === 'interrupt');
    expect(dataOf(interrupt!)).toMatchObject({ nodeId: 'approve', prompt: 'Escalate?', ...offered });
  });

  it('refuses a reply that names no choice with 400 at body.input, and the run stays paused', async () => {
    const { runId } = await pausedTurn();
    const refused = await t
      .http()
      .post(`/api/runs/${runId}/resume`)
      .set(auth(c.user))
      .send({ input: 'maybe later' });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({
      code: 'reply_not_a_choice',
      message: 'Reply with one of: Yes, No',
      details: [{ path: 'body.input', code: 'reply_not_a_choice' }],
    });
    expect((await t.http().get(`/api/runs/${runId}`).set(auth(c.user))).body.status).toBe('paused');
    // Another user cannot even learn that the run exists.
    const foreign = await t
      .http()
      .post(`/api/runs/${runId}/resume`)
      .set(auth(c.other))
      .send({ input: 'yes' });
    expect(foreign.status).toBe(404);
  });

  it.each([
    ['Yes, approved', 'Escalated (yes).'],
    ['YES ', 'Escalated (yes).'],
    ['no', 'Not escalated (no).'],
  ])('resumes with %j as the canonical choice', async (input, answer) => {
    const { chatId, runId } = await pausedTurn();
    const resumed = await sse(t, c.user, 'POST', `/api/runs/${runId}/resume`, { input });
    expect(resumed.status).toBe(200);
    expect(dataOf(resumed.events.at(-1)!).status).toBe('completed');
    const reply = (await t.http().get(`/api/chats/${chatId}/messages`).set(auth(c.user))).body.items[1];
    expect(reply.status).toBe('completed');
    expect(reply.content).toBe(answer);
    // Settled replies no longer carry the question or its choices.
    expect(reply.metadata.prompt).toBeUndefined();
    expect(reply.metadata.choices).toBeUndefined();
  });
});
