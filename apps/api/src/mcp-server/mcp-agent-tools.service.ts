import { Injectable, Logger } from '@nestjs/common';
import type { VariableDefinition } from '@agenthub/contracts';
import { ChatRunService } from '../chat/chat-run.service.js';
import { ChatService } from '../chat/chat.service.js';
import type { AuthUser } from '../common/auth.decorators.js';
import { DomainError } from '../common/domain-error.js';
import { type CallableAgentSummary, StoreService } from '../store/store.service.js';
import {
  type AgentTool,
  type CallableAgent,
  parseArguments,
  type RunOutcome,
  toolErrorOf,
  type ToolResult,
  toolResultOf,
  toolsOf,
} from './mcp-tool.rules.js';

export interface ToolCallContext {
  /** Called with each answer token (the MCP server turns them into progress notifications). */
  onToken?: (delta: string) => Promise<void>;
  /** Aborted when the client cancels the request or goes away: the run is cancelled. */
  signal: AbortSignal;
}

function toCallable(a: CallableAgentSummary): CallableAgent {
  return { ...a, variables: a.variables as Record<string, VariableDefinition> };
}

/**
 * The caller's installed agents as MCP tools, and a tool call as a chat turn. A call runs through
 * the chat run path (ChatService + ChatRunService, the same as `POST /api/chats/:id/messages`):
 * quotas and rate limits, the run record, usage and cost, the version the chat locked, queue mode.
 * A call without `conversationId` starts a chat; its id is the conversation id of the result.
 */
@Injectable()
export class McpAgentToolsService {
  private readonly logger = new Logger('McpAgentTools');

  constructor(
    private readonly store: StoreService,
    private readonly chats: ChatService,
    private readonly chatRuns: ChatRunService,
  ) {}

  /** The caller's tools; with `slug`, only that agent's, 404 `agent_not_installed` if it is not one of them. */
  async tools(user: AuthUser, slug?: string): Promise<AgentTool[]> {
    const tools = toolsOf((await this.store.callableAgents(user.id)).map(toCallable));
    if (slug === undefined) return tools;
    const one = tools.filter((t) => t.agent.slug === slug);
    if (!one.length)
      throw new DomainError(
        404,
        'agent_not_installed',
        `No agent '${slug}' in your library: install it from the store first`,
      );
    return one;
  }

  async call(
    user: AuthUser,
    tool: AgentTool,
    args: Record<string, unknown> | undefined,
    ctx: ToolCallContext,
  ): Promise<ToolResult> {
    const parsed = parseArguments(tool.agent, args);
    if (!parsed.ok)
      return toolErrorOf({
        code: 'validation_failed',
        message: 'The tool arguments are invalid',
        status: 400,
        details: parsed.problems,
      });
    const { message, vars } = parsed.value;
    let conversationId = parsed.value.conversationId;
    let created = false;
    let turn: { runId: string; afterId?: string };
    try {
      if (conversationId) {
        const chat = await this.chats.loadOwned(user, conversationId);
        if (chat.agentId !== tool.agent.agentId)
          throw DomainError.conflict(
            'conversation_agent_mismatch',
            `This conversation is with another agent; call that agent's tool, or leave conversationId out`,
          );
      } else {
        conversationId = (await this.chats.create(user, { agentId: tool.agent.agentId })).id;
        created = true;
      }
      turn = await this.chatRuns.sendTurn(user, conversationId, message, vars);
    } catch (err) {
      // A refused first turn (quota, rate limit) leaves no empty chat behind.
      if (created && conversationId)
        await this.chats
          .remove(user, conversationId)
          .catch((e: unknown) => this.logger.warn(`Chat not removed: ${String(e)}`));
      if (err instanceof DomainError)
        return toolErrorOf(
          { code: err.code, message: err.message, status: err.status, details: err.details },
          created ? undefined : conversationId,
        );
      throw err;
    }
    return toolResultOf(tool.name, await this.follow(user, conversationId, turn, ctx));
  }

  /** Follows the run's events to its `done`, passing tokens on; a cancelled call cancels the run. */
  private async follow(
    user: AuthUser,
    conversationId: string,
    turn: { runId: string; afterId?: string },
    ctx: ToolCallContext,
  ): Promise<RunOutcome> {
    const outcome: RunOutcome = { runId: turn.runId, conversationId, status: 'failed', text: '' };
    const stop = new AbortController();
    const onAbort = () => {
      stop.abort();
      this.chatRuns
        .cancel(user, turn.runId)
        .catch((e: unknown) => this.logger.debug(`Run ${turn.runId} not cancelled: ${String(e)}`));
    };
    if (ctx.signal.aborted) onAbort();
    else ctx.signal.addEventListener('abort', onAbort, { once: true });
    try {
      for await (const { event } of this.chatRuns.subscribe(turn.runId, turn.afterId, stop.signal)) {
        if (event.type === 'message') {
          outcome.text += event.data.delta;
          await ctx.onToken?.(event.data.delta);
        } else if (event.type === 'interrupt') outcome.prompt = event.data.prompt;
        else if (event.type === 'error')
          outcome.error = { code: event.data.code, message: event.data.message };
        else if (event.type === 'done') {
          outcome.status = event.data.status;
          outcome.usage = event.data.usage;
          break;
        }
      }
    } finally {
      ctx.signal.removeEventListener('abort', onAbort);
    }
    if (stop.signal.aborted) {
      outcome.status = 'cancelled';
      outcome.error ??= { code: 'cancelled', message: 'The request was cancelled; the run is cancelled too' };
    }
    return outcome;
  }
}
