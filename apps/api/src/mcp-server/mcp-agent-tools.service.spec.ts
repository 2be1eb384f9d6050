import type { RunEvent } from '@agenthub/contracts';
import type { ChatRunService } from '../chat/chat-run.service';
import type { ChatService } from '../chat/chat.service';
import type { AuthUser } from '../common/auth.decorators';
import { DomainError } from '../common/domain-error';
import type { RunEventEnvelope } from '../queue/run-event-bus.port';
import type { StoreService } from '../store/store.service';
import { McpAgentToolsService } from './mcp-agent-tools.service';

const user: AuthUser = {
  id: 'u1',
  email: 'u@example.test',
  displayName: 'U',
  roles: ['user'],
  via: { kind: 'api_key', apiKeyId: 'k1' },
};
const AGENT = '11111111-1111-4111-8111-111111111111';
const CHAT = '22222222-2222-4222-8222-222222222222';

async function* events(list: RunEvent[]): AsyncIterable<RunEventEnvelope> {
  let id = 0;
  for (const event of list) yield { id: String(++id), event };
}

function setup(run: RunEvent[] = []) {
  const store = {
    callableAgents: jest
      .fn()
      .mockResolvedValue([
        { agentId: AGENT, slug: 'helper', name: 'Helper', description: 'Helps', variables: {} },
      ]),
  };
  const chats = {
    create: jest.fn().mockResolvedValue({ id: CHAT }),
    loadOwned: jest.fn().mockResolvedValue({ id: CHAT, agentId: AGENT }),
    remove: jest.fn().mockResolvedValue(undefined),
  };
  const chatRuns = {
    sendTurn: jest.fn().mockResolvedValue({ runId: 'run1', resumed: false }),
    subscribe: jest.fn().mockImplementation(() => events(run)),
    cancel: jest.fn().mockResolvedValue({ runId: 'run1', status: 'cancelled' }),
  };
  const service = new McpAgentToolsService(
    store as unknown as StoreService,
    chats as unknown as ChatService,
    chatRuns as unknown as ChatRunService,
  );
  return { service, store, chats, chatRuns };
}

const done = (status: 'completed' | 'paused' | 'failed') =>
  ({
    type: 'done',
    data: { runId: 'run1', status, usage: { promptTokens: 1, completionTokens: 2, costUsd: 0 } },
  }) as RunEvent;
const message = (delta: string) => ({ type: 'message', data: { delta } }) as RunEvent;

describe('McpAgentToolsService', () => {
  it('lists the callable agents as tools; a slug not among them is 404 agent_not_installed', async () => {
    const { service } = setup();
    expect((await service.tools(user)).map((t) => t.name)).toEqual(['helper']);
    expect((await service.tools(user, 'helper')).map((t) => t.name)).toEqual(['helper']);
    await expect(service.tools(user, 'other')).rejects.toMatchObject({
      status: 404,
      code: 'agent_not_installed',
    });
  });

  it('starts a chat, passes every token on and returns the text with the chat as conversation', async () => {
    const { service, chats, chatRuns } = setup([message('Hel'), message('lo'), done('completed')]);
    const [tool] = await service.tools(user);
    const tokens: string[] = [];
    const result = await service.call(
      user,
      tool!,
      { message: 'hi' },
      {
        signal: new AbortController().signal,
        onToken: async (d) => {
          tokens.push(d);
        },
      },
    );
    expect(chats.create).toHaveBeenCalledWith(user, { agentId: AGENT });
    expect(chatRuns.sendTurn).toHaveBeenCalledWith(user, CHAT, 'hi', {});
    expect(tokens).toEqual(['Hel', 'lo']);
    expect(result.content[0]!.text).toBe('Hello');
    expect(result._meta).toMatchObject({ 'agenthub/conversationId': CHAT, 'agenthub/runId': 'run1' });
  });

  it('continues a given conversation of the same agent and refuses one of another agent', async () => {
    const { service, chats, chatRuns } = setup([done('completed')]);
    const [tool] = await service.tools(user);
    const signal = new AbortController().signal;
    await service.call(user, tool!, { message: 'again', conversationId: CHAT }, { signal });
    expect(chats.create).not.toHaveBeenCalled();
    expect(chatRuns.sendTurn).toHaveBeenCalledWith(user, CHAT, 'again', {});
    chats.loadOwned.mockResolvedValueOnce({ id: CHAT, agentId: 'another' });
    const refused = await service.call(user, tool!, { message: 'x', conversationId: CHAT }, { signal });
    expect(refused.isError).toBe(true);
    expect(refused._meta!['agenthub/error']).toMatchObject({ code: 'conversation_agent_mismatch' });
  });

  it('removes the chat it created when the first turn is refused, and reports the code', async () => {
    const { service, chats, chatRuns } = setup();
    chatRuns.sendTurn.mockRejectedValueOnce(DomainError.rateLimited(30, 'Slow down'));
    const [tool] = await service.tools(user);
    const result = await service.call(
      user,
      tool!,
      { message: 'x' },
      { signal: new AbortController().signal },
    );
    expect(chats.remove).toHaveBeenCalledWith(user, CHAT);
    expect(result.isError).toBe(true);
    expect(result._meta!['agenthub/error']).toMatchObject({ code: 'rate_limited', statusCode: 429 });
    expect(result._meta!['agenthub/conversationId']).toBeUndefined();
  });

  it('a paused run needs input; invalid arguments never reach the chat', async () => {
    const { service, chatRuns } = setup([
      { type: 'interrupt', data: { nodeId: 'ask', prompt: 'Which city?' } } as RunEvent,
      done('paused'),
    ]);
    const [tool] = await service.tools(user);
    const signal = new AbortController().signal;
    const paused = await service.call(user, tool!, { message: 'weather' }, { signal });
    expect(paused._meta!['agenthub/status']).toBe('needs_input');
    expect(paused.content[0]!.text).toContain('Which city?');
    chatRuns.sendTurn.mockClear();
    const bad = await service.call(user, tool!, {}, { signal });
    expect(bad.isError).toBe(true);
    expect(chatRuns.sendTurn).not.toHaveBeenCalled();
  });

  it('cancels the run when the request is cancelled', async () => {
    const { service, chatRuns } = setup();
    const controller = new AbortController();
    chatRuns.subscribe.mockImplementation((_id: string, _after: string | undefined, signal: AbortSignal) =>
      (async function* () {
        controller.abort();
        if (signal.aborted) return;
        yield { id: '1', event: done('completed') };
      })(),
    );
    const [tool] = await service.tools(user);
    const result = await service.call(user, tool!, { message: 'x' }, { signal: controller.signal });
    expect(chatRuns.cancel).toHaveBeenCalledWith(user, 'run1');
    expect(result.isError).toBe(true);
    expect(result.content[0]!.text).toMatch(/^cancelled: /);
  });
});
