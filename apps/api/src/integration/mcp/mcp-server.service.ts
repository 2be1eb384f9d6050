import { Injectable, Logger } from '@nestjs/common';
import {
  type CreateMcpServerRequest,
  IntegrationErrorCodes,
  type McpRefreshResult,
  type McpServer,
  type McpServerQuery,
  type McpTool,
  type McpToolQuery,
  type McpTransport,
  type Page,
  type UpdateMcpServerRequest,
} from '@agenthub/contracts';
import { McpConnection, McpError, type McpToolInfo } from '@agenthub/engine';
import { DataSource, QueryFailedError } from 'typeorm';
import type { AuthUser } from '../../common/auth.decorators.js';
import { DomainError } from '../../common/domain-error.js';
import type { Principal } from '../../common/ownership.util.js';
import type { RequestMeta } from '../../common/request-meta.decorator.js';
import { AuditService } from '../../identity/audit.service.js';
import { OutboundUrlGuard } from '../outbound-url.guard.js';
import { assertCanManage, assertCanView, ownerForNew, scopeOf } from '../ownership.rules.js';
import { SecretKeyring } from '../secrets/secret-box.js';
import { decryptSettings } from '../secrets/decrypt-settings.util.js';
import {
  encryptSecrets,
  maskStoredSecrets,
  plaintextSecrets,
  scrubSecrets,
  unmaskSecrets,
} from '../secrets/secret-fields.js';
import type { McpServerEntity } from './mcp-server.entity.js';
import { McpHistoryRepository } from './mcp-history.repository.js';
import { McpServerRepository } from './mcp-server.repository.js';
import type { McpToolEntity } from './mcp-tool.entity.js';
import { McpToolRepository } from './mcp-tool.repository.js';

const WHAT = 'MCP server';
/** Every header value is a secret (Authorization, API keys…). */
const HEADERS_SCHEMA = { type: 'object', additionalProperties: { type: 'string', 'x-secret': true } };
const CONNECT_TIMEOUT_MS = 15_000;
const MAX_ERROR_LENGTH = 500;

export interface ResolvedMcpServer {
  id: string;
  name: string;
  url: string;
  transport: McpTransport;
  /** Decrypted header values: pass to McpConnection, never log. */
  headers: Record<string, string>;
  ownerId: string | null;
}

export interface McpServerUsabilityProblem {
  server: string;
  problem: 'not_found' | 'personal_server';
}

const isUniqueViolation = (err: unknown) =>
  err instanceof QueryFailedError && (err.driverError as { code?: string } | undefined)?.code === '23505';

function toToolDto(tool: McpToolEntity, serverName: string): McpTool {
  return {
    id: tool.id,
    serverId: tool.serverId,
    serverName,
    name: tool.name,
    description: tool.description,
    inputSchema: tool.inputSchema,
  };
}

@Injectable()
export class McpServerService {
  private readonly logger = new Logger('McpServers');

  constructor(
    private readonly servers: McpServerRepository,
    private readonly tools: McpToolRepository,
    private readonly keyring: SecretKeyring,
    private readonly urlGuard: OutboundUrlGuard,
    private readonly audit: AuditService,
    private readonly dataSource: DataSource,
    private readonly history: McpHistoryRepository,
  ) {}

  private toDto(s: McpServerEntity, toolCount: number): McpServer {
    return {
      id: s.id,
      name: s.name,
      description: s.description,
      url: s.url,
      transport: s.transport,
      headers: maskStoredSecrets(s.headers, this.keyring) as Record<string, string>,
      scope: scopeOf(s),
      ownerId: s.ownerId,
      status: s.status,
      lastHealthCheck: s.lastHealthCheck ? s.lastHealthCheck.toISOString() : null,
      lastError: s.lastError,
      toolCount,
      toolsRefreshedAt: s.toolsRefreshedAt ? s.toolsRefreshedAt.toISOString() : null,
      callsTotal: s.callsTotal,
      callsSucceeded: s.callsSucceeded,
      avgLatencyMs: Math.round(s.avgLatencyMs * 10) / 10,
      createdAt: s.createdAt.toISOString(),
      updatedAt: s.updatedAt.toISOString(),
    };
  }

  private async dtoOf(s: McpServerEntity): Promise<McpServer> {
    return this.toDto(s, (await this.servers.toolCounts([s.id])).get(s.id) ?? 0);
  }

  private visibility(user: Principal) {
    return user.roles.includes('admin')
      ? ({ kind: 'all' } as const)
      : ({ kind: 'platform_and_own', userId: user.id } as const);
  }

  async list(user: AuthUser, query: McpServerQuery): Promise<Page<McpServer>> {
    const page = await this.servers.search(query, this.visibility(user));
    const counts = await this.servers.toolCounts(page.items.map((s) => s.id));
    return { ...page, items: page.items.map((s) => this.toDto(s, counts.get(s.id) ?? 0)) };
  }

  async get(user: AuthUser, id: string): Promise<McpServer> {
    const s = await this.servers.findById(id);
    assertCanView(s, user, WHAT);
    return this.dtoOf(s);
  }

  async listTools(user: AuthUser, query: McpToolQuery): Promise<Page<McpTool>> {
    const page = await this.tools.search(query, this.visibility(user));
    return { ...page, items: page.items.map((r) => toToolDto(r.tool, r.serverName)) };
  }

  private prepareHeaders(
    incoming: Record<string, string>,
    stored: Record<string, unknown>,
  ): Record<string, unknown> {
    const { value, problems } = unmaskSecrets(incoming, stored, this.keyring);
    if (problems.length) {
      throw DomainError.validation(
        problems.map((p) => ({
          path: ['body.headers', ...p.path].join('.'),
          code: p.code,
          message:
            'This masked value does not match the stored header: send the new value, or the mask unchanged',
        })),
      );
    }
    return encryptSecrets(value, HEADERS_SCHEMA, this.keyring) as Record<string, unknown>;
  }

  private nameTaken(name: string): DomainError {
    return DomainError.conflict(
      IntegrationErrorCodes.mcpServerNameTaken,
      `An MCP server named ${name} exists`,
    );
  }

  async create(user: AuthUser, body: CreateMcpServerRequest, meta: RequestMeta): Promise<McpServer> {
    const ownerId = ownerForNew(user, body.scope);
    await this.urlGuard.check(body.url, 'body.url');
    if (await this.servers.findByName(body.name)) throw this.nameTaken(body.name);
    const headers = this.prepareHeaders(body.headers, {});
    try {
      const saved = await this.dataSource.transaction(async (manager) => {
        const s = await this.servers.create(
          {
            name: body.name,
            description: body.description,
            url: body.url,
            transport: body.transport,
            headers,
            ownerId,
          },
          manager,
        );
        await this.audit.record(
          {
            actorId: user.id,
            action: 'mcp_server.created',
            targetType: 'mcp_server',
            targetId: s.id,
            metadata: { name: s.name, url: s.url, scope: scopeOf(s) },
            ...meta,
          },
          manager,
        );
        return s;
      });
      return this.toDto(saved, 0);
    } catch (err) {
      if (isUniqueViolation(err)) throw this.nameTaken(body.name);
      throw err;
    }
  }

  async update(
    user: AuthUser,
    id: string,
    body: UpdateMcpServerRequest,
    meta: RequestMeta,
  ): Promise<McpServer> {
    const s = await this.servers.findById(id);
    assertCanManage(s, user, WHAT);
    if (body.url !== undefined) await this.urlGuard.check(body.url, 'body.url');
    if (body.name !== undefined && body.name !== s.name && (await this.servers.findByName(body.name))) {
      throw this.nameTaken(body.name);
    }
    const connectionChanged =
      (body.url !== undefined && body.url !== s.url) ||
      (body.transport !== undefined && body.transport !== s.transport) ||
      body.headers !== undefined;
    if (body.headers !== undefined) s.headers = this.prepareHeaders(body.headers, s.headers);
    if (body.name !== undefined) s.name = body.name;
    if (body.description !== undefined) s.description = body.description;
    if (body.url !== undefined) s.url = body.url;
    if (body.transport !== undefined) s.transport = body.transport;
    if (connectionChanged) {
      // The old health verdict was about another endpoint.
      s.status = 'unknown';
      s.lastError = null;
    }
    try {
      const saved = await this.dataSource.transaction(async (manager) => {
        const out = await this.servers.save(s, manager);
        await this.audit.record(
          {
            actorId: user.id,
            action: 'mcp_server.updated',
            targetType: 'mcp_server',
            targetId: out.id,
            metadata: { fields: Object.keys(body) },
            ...meta,
          },
          manager,
        );
        return out;
      });
      return this.dtoOf(saved);
    } catch (err) {
      if (isUniqueViolation(err)) throw this.nameTaken(body.name ?? s.name);
      throw err;
    }
  }

  async remove(user: AuthUser, id: string, meta: RequestMeta): Promise<void> {
    const s = await this.servers.findById(id);
    assertCanManage(s, user, WHAT);
    await this.dataSource.transaction(async (manager) => {
      await this.servers.delete(s.id, manager);
      await this.audit.record(
        {
          actorId: user.id,
          action: 'mcp_server.deleted',
          targetType: 'mcp_server',
          targetId: s.id,
          metadata: { name: s.name },
          ...meta,
        },
        manager,
      );
    });
  }

  /** Connects, lists the tools, closes. Errors carry no header value. */
  private async fetchTools(s: McpServerEntity): Promise<McpToolInfo[]> {
    const headers = decryptSettings(s.headers, this.keyring) as Record<string, string>;
    const conn = await McpConnection.connect(
      { url: s.url, transport: s.transport, headers },
      {
        timeoutMs: CONNECT_TIMEOUT_MS,
        ssrf: await this.urlGuard.ssrfOptions(),
        clientName: 'agenthub',
      },
    );
    try {
      return await conn.listTools();
    } finally {
      await conn.close();
    }
  }

  private describeFailure(s: McpServerEntity, err: unknown): { code: string; message: string } {
    const raw = err instanceof Error ? err.message : String(err);
    const message = scrubSecrets(raw, plaintextSecrets(s.headers, this.keyring)).slice(0, MAX_ERROR_LENGTH);
    return { code: err instanceof McpError ? err.code : IntegrationErrorCodes.mcpConnectFailed, message };
  }

  /** Lists the server's tools into mcp_tools (the whole set replaced atomically). */
  async refresh(user: AuthUser, id: string, meta: RequestMeta): Promise<McpRefreshResult> {
    const s = await this.servers.findById(id);
    assertCanManage(s, user, WHAT);
    let listed: McpToolInfo[];
    try {
      listed = await this.fetchTools(s);
    } catch (err) {
      const failure = this.describeFailure(s, err);
      await this.servers.recordHealth(s.id, 'unhealthy', failure.message);
      throw DomainError.unprocessable(failure.code, `Cannot list the tools of ${s.name}: ${failure.message}`);
    }
    const saved = await this.dataSource.transaction(async (manager) => {
      const rows = await this.servers.replaceTools(
        s.id,
        listed.map((t) => ({
          name: t.name,
          description: t.description ?? '',
          inputSchema: t.inputSchema ?? {},
        })),
        manager,
      );
      await this.servers.recordHealth(s.id, 'healthy', null, manager);
      await this.audit.record(
        {
          actorId: user.id,
          action: 'mcp_server.tools_refreshed',
          targetType: 'mcp_server',
          targetId: s.id,
          metadata: { toolCount: rows.length },
          ...meta,
        },
        manager,
      );
      return rows;
    });
    const fresh = (await this.servers.findById(s.id))!;
    return {
      server: this.toDto(fresh, saved.length),
      tools: saved.sort((a, b) => a.name.localeCompare(b.name)).map((t) => toToolDto(t, fresh.name)),
    };
  }

  /** Checks one server and records the verdict; never throws for an unreachable server. */
  async checkHealth(serverId: string): Promise<McpServerEntity | null> {
    const s = await this.servers.findById(serverId);
    if (!s) return null;
    const started = performance.now();
    let error: string | null = null;
    try {
      await this.fetchTools(s);
    } catch (err) {
      error = this.describeFailure(s, err).message;
    }
    await this.servers.recordHealth(s.id, error ? 'unhealthy' : 'healthy', error);
    await this.history.recordHealthCheck(s.id, !error, performance.now() - started, error);
    return this.servers.findById(s.id);
  }

  async health(user: AuthUser, id: string): Promise<McpServer> {
    const s = await this.servers.findById(id);
    assertCanManage(s, user, WHAT);
    const checked = await this.checkHealth(s.id);
    if (!checked) throw DomainError.notFound(WHAT);
    return this.dtoOf(checked);
  }

  /** The periodic check: every server, one after the other (a slow one delays, never overlaps). */
  async checkAll(): Promise<number> {
    const ids = await this.servers.listAllIds();
    for (const id of ids) {
      try {
        await this.checkHealth(id);
      } catch (err) {
        this.logger.warn({ serverId: id, err: (err as Error).message }, 'MCP health check failed to run');
      }
    }
    return ids.length;
  }

  /**
   * For the runtime (its `McpServerSource` port): how to connect to a server, null when there is
   * none. With `forUserId`, someone else's personal server counts as none.
   */
  async resolveServer(idOrName: string, forUserId?: string | null): Promise<ResolvedMcpServer | null> {
    const s = await this.servers.findByIdOrName(idOrName);
    if (!s || (forUserId !== undefined && s.ownerId !== null && s.ownerId !== forUserId)) return null;
    return {
      id: s.id,
      name: s.name,
      url: s.url,
      transport: s.transport,
      headers: decryptSettings(s.headers, this.keyring) as Record<string, string>,
      ownerId: s.ownerId,
    };
  }

  /** The runtime reports every tool call here (atomic counters). */
  async recordCall(serverId: string, tool: string, ok: boolean, latencyMs: number): Promise<void> {
    await this.servers.recordCall(serverId, ok, latencyMs);
    await this.history.recordToolCall(serverId, tool, ok, latencyMs);
  }

  /** Servers (ids or names) an agent's other users could not use: missing or someone's personal server. */
  async checkUsableByEveryone(idsOrNames: string[]): Promise<McpServerUsabilityProblem[]> {
    const unique = [...new Set(idsOrNames)];
    const found = await this.servers.findByIdsOrNames(unique);
    return unique.flatMap((ref): McpServerUsabilityProblem[] => {
      const s = found.find((f) => f.id === ref || f.name === ref);
      if (!s) return [{ server: ref, problem: 'not_found' }];
      return s.ownerId !== null ? [{ server: ref, problem: 'personal_server' }] : [];
    });
  }
}
