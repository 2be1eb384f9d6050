import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type {
  ChatTurn,
  OpenAiChatCompletion,
  OpenAiChatRequest,
  OpenAiModelList,
  RunEvent,
} from '@agenthub/contracts';
import type { Request, Response } from 'express';
import { DataSource, IsNull, type Repository } from 'typeorm';
import { AgentVersionEntity } from '../agent/agent-version.entity.js';
import { AgentEntity } from '../agent/agent.entity.js';
import type { AuthUser } from '../common/auth.decorators.js';
import { DomainError } from '../common/domain-error.js';
import { writeSseFrames } from '../common/sse.util.js';
import { alsoPublishedTo, RunEventBus } from '../queue/run-event-bus.port.js';
import { RunService, type RunStreamEvent } from '../runtime/run.service.js';
import { StoreService } from '../store/store.service.js';
import { RunLimitsService } from '../runtime/run-limits.service.js';
import { pickModelParams } from './model-params.util.js';
import { openAiChunkFrames, openAiFraming, toOpenAiUsage } from './openai-stream.util.js';
import { assertSupportedOpenAiParams, openAiModelParams } from './openai-params.util.js';

type Message = OpenAiChatRequest['messages'][number];

const modelNotFound = (model: string) =>
  new DomainError(
    404,
    'model_not_found',
    `The model '${model}' does not exist or you do not have access to it`,
    [
      {
        path: 'body.model',
        code: 'model_not_found',
        message: 'Not a published agent slug (slug or slug@version) in your library (install it first)',
      },
    ],
  );

function textOf(content: Message['content']): string {
  if (typeof content === 'string') return content;
  return (content ?? []).map((p) => (typeof p.text === 'string' ? p.text : '')).join('');
}

/**
 * The OpenAI-compatible API: `model` = agent slug (`slug@1.2.0` for a given published version),
 * the last user message is the input and the earlier messages the history. Runs are recorded
 * like chat turns (kind `chat`, no chat row) and execute in this API process (streams through the one SSE writer, `common/sse.util.ts`): the client holds
 * the connection and OpenAI streams have no resume, so queueing would add latency for nothing.
 */
@Injectable()
export class OpenAiCompatService {
  private readonly logger = new Logger('OpenAiCompat');

  constructor(
    private readonly runs: RunService,
    private readonly store: StoreService,
    private readonly limits: RunLimitsService,
    private readonly bus: RunEventBus,
    private readonly dataSource: DataSource,
    @InjectRepository(AgentEntity) private readonly agents: Repository<AgentEntity>,
    @InjectRepository(AgentVersionEntity) private readonly versions: Repository<AgentVersionEntity>,
  ) {}

  /** The published agents in the caller's library (installed), id = slug. */
  async listModels(user: AuthUser): Promise<OpenAiModelList> {
    const rows: Array<{ slug: string; published_at: Date | null; owner: string }> =
      await this.dataSource.query(
        `SELECT a.slug, a.published_at, coalesce(u.display_name, '') AS owner
         FROM agent_installs i
         JOIN agents a ON a.id = i.agent_id
         LEFT JOIN users u ON u.id = a.owner_id
        WHERE i.user_id = $1 AND a.deleted_at IS NULL AND a.archived_at IS NULL
          AND a.current_version_id IS NOT NULL
        ORDER BY a.slug`,
        [user.id],
      );
    return {
      object: 'list',
      data: rows.map((r) => ({
        id: r.slug,
        object: 'model' as const,
        created: Math.floor((r.published_at?.getTime() ?? 0) / 1000),
        owned_by: r.owner || 'agenthub',
      })),
    };
  }

  async complete(user: AuthUser, body: OpenAiChatRequest, req: Request, res: Response): Promise<void> {
    assertSupportedOpenAiParams(body);
    const { agent, version } = await this.resolveModel(body.model, user.id);
    await this.limits.assertCanStartRun(user.id, version.id);
    const lastUser = body.messages.map((m) => m.role).lastIndexOf('user');
    if (lastUser < 0)
      throw DomainError.validation([
        { path: 'body.messages', code: 'no_user_message', message: 'At least one user message is required' },
      ]);
    const history: ChatTurn[] = body.messages
      .filter((m, i) => i !== lastUser && m.role !== 'tool')
      .map((m) => ({
        role:
          m.role === 'developer' || m.role === 'system'
            ? ('system' as const)
            : (m.role as 'user' | 'assistant'),
        content: textOf(m.content),
      }));
    const disconnected = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) disconnected.abort(new Error('The client disconnected'));
    });
    // On the bus too, so the run can be followed and replayed with GET /runs/:id/stream.
    const events = alsoPublishedTo(
      this.bus,
      this.runs.startRun({
        kind: 'chat',
        definition: version.resolvedDefinition,
        input: textOf(body.messages[lastUser]!.content),
        history,
        systemPrompt: version.systemPrompt,
        agentId: agent.id,
        versionId: version.id,
        agentVersion: version.version,
        userId: user.id,
        serviceOwnerId: agent.ownerId,
        serviceDependencies: version.serviceDependencies,
        modelParams: openAiModelParams(body, pickModelParams(version.modelParamsOverride)),
        stepLimit: version.stepLimit,
        signal: disconnected.signal,
      }),
    );
    // The first event is pulled before any output, so a run that cannot start is a JSON error.
    const iterator = events[Symbol.asyncIterator]();
    const first = await iterator.next();
    await this.store.recordUsage(user.id, agent.id).catch((e: unknown) => this.logger.warn(String(e)));
    const model = body.model;
    if (!body.stream) {
      res.status(200).json(await this.collect(iterator, first, model));
      return;
    }
    const chunks = openAiChunkFrames(
      resumed(first, iterator),
      model,
      body.stream_options?.include_usage === true,
    );
    await writeSseFrames(req, res, chunks, openAiFraming, { abortController: disconnected });
  }

  /**
   * The models a caller can use are the ones `/v1/models` lists (issue 5: published AND installed),
   * so an agent outside the caller's library is `model_not_found` too, like OpenAI does for a model
   * the key has no access to.
   */
  private async resolveModel(
    model: string,
    userId: string,
  ): Promise<{ agent: AgentEntity; version: AgentVersionEntity }> {
    const at = model.lastIndexOf('@');
    const slug = at > 0 ? model.slice(0, at) : model;
    const semver = at > 0 ? model.slice(at + 1) : undefined;
    const agent = await this.agents.findOne({ where: { slug, deletedAt: IsNull(), archivedAt: IsNull() } });
    if (!agent?.currentVersionId) throw modelNotFound(model);
    const version = semver
      ? await this.versions.findOne({ where: { agentId: agent.id, version: semver } })
      : await this.versions.findOne({ where: { id: agent.currentVersionId } });
    if (!version || version.reviewStatus !== 'published') throw modelNotFound(model);
    const installed: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM agent_installs WHERE user_id = $1 AND agent_id = $2`,
      [userId, agent.id],
    );
    if (installed.length === 0) throw modelNotFound(model);
    return { agent, version };
  }

  private async collect(
    iterator: AsyncIterator<RunStreamEvent>,
    first: IteratorResult<RunStreamEvent>,
    model: string,
  ): Promise<OpenAiChatCompletion> {
    let content = '';
    let runId = '';
    let error: { code: string; message: string } | undefined;
    for (let r = first; !r.done; r = await iterator.next()) {
      const event: RunEvent = r.value;
      if (event.type === 'run') runId = event.data.runId;
      else if (event.type === 'message') content += event.data.delta;
      else if (event.type === 'interrupt')
        content += content ? `\n\n${event.data.prompt}` : event.data.prompt;
      else if (event.type === 'error') error = event.data;
      else if (event.type === 'done') {
        if (event.data.status === 'failed' || event.data.status === 'cancelled')
          throw new DomainError(502, error?.code ?? 'run_failed', error?.message ?? 'The agent run failed');
        return {
          id: `chatcmpl-${runId}`,
          object: 'chat.completion',
          created: Math.floor(Date.now() / 1000),
          model,
          choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
          usage: toOpenAiUsage(event.data.usage),
        };
      }
    }
    throw new DomainError(502, 'run_failed', 'The agent run ended without a result');
  }
}

/** The rest of a stream whose first item was already pulled, that item first. */
async function* resumed<T>(first: IteratorResult<T>, iterator: AsyncIterator<T>): AsyncGenerator<T> {
  try {
    for (let r = first; !r.done; r = await iterator.next()) yield r.value;
  } finally {
    await iterator.return?.(undefined);
  }
}
