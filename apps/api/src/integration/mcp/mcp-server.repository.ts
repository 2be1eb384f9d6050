import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { McpServerQuery, McpServerStatus, Page } from '@agenthub/contracts';
import { type EntityManager, In, type Repository } from 'typeorm';
import { escapeLike } from '../../common/pagination.util.js';
import type { ConfigVisibility } from '../service-configs/service-config.repository.js';
import { McpServerEntity } from './mcp-server.entity.js';
import { McpToolEntity } from './mcp-tool.entity.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type NewMcpServer = Pick<
  McpServerEntity,
  'name' | 'description' | 'url' | 'transport' | 'headers' | 'ownerId'
>;
export interface ToolRow {
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
}

@Injectable()
export class McpServerRepository {
  constructor(@InjectRepository(McpServerEntity) private readonly servers: Repository<McpServerEntity>) {}

  private repo(manager?: EntityManager): Repository<McpServerEntity> {
    return manager ? manager.getRepository(McpServerEntity) : this.servers;
  }

  findById(id: string): Promise<McpServerEntity | null> {
    return this.servers.findOne({ where: { id } });
  }

  findByName(name: string): Promise<McpServerEntity | null> {
    return this.servers.findOne({ where: { name } });
  }

  findByIdOrName(idOrName: string): Promise<McpServerEntity | null> {
    return UUID.test(idOrName) ? this.findById(idOrName) : this.findByName(idOrName);
  }

  findByIdsOrNames(values: string[]): Promise<McpServerEntity[]> {
    const ids = values.filter((v) => UUID.test(v));
    if (!values.length) return Promise.resolve([]);
    return this.servers.find({ where: [{ name: In(values) }, ...(ids.length ? [{ id: In(ids) }] : [])] });
  }

  listAllIds(): Promise<string[]> {
    return this.servers
      .find({ select: { id: true }, order: { name: 'ASC' } })
      .then((rows) => rows.map((r) => r.id));
  }

  async search(query: McpServerQuery, visibility: ConfigVisibility): Promise<Page<McpServerEntity>> {
    const qb = this.servers.createQueryBuilder('s').orderBy('s.name', 'ASC');
    if (visibility.kind === 'platform_and_own') {
      qb.andWhere('(s.ownerId IS NULL OR s.ownerId = :userId)', { userId: visibility.userId });
    }
    if (query.scope === 'platform') qb.andWhere('s.ownerId IS NULL');
    if (query.scope === 'personal') qb.andWhere('s.ownerId IS NOT NULL');
    if (query.q) {
      qb.andWhere(`(s.name ILIKE :q ESCAPE '\\' OR s.description ILIKE :q ESCAPE '\\')`, {
        q: `%${escapeLike(query.q)}%`,
      });
    }
    const [items, total] = await qb
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  async toolCounts(serverIds: string[]): Promise<Map<string, number>> {
    if (!serverIds.length) return new Map();
    const rows = await this.servers.manager
      .getRepository(McpToolEntity)
      .createQueryBuilder('t')
      .select('t.serverId', 'serverId')
      .addSelect('COUNT(*)::int', 'count')
      .where('t.serverId IN (:...ids)', { ids: serverIds })
      .groupBy('t.serverId')
      .getRawMany<{ serverId: string; count: number }>();
    return new Map(rows.map((r) => [r.serverId, Number(r.count)]));
  }

  create(fields: NewMcpServer, manager?: EntityManager): Promise<McpServerEntity> {
    const repo = this.repo(manager);
    return repo.save(
      repo.create({
        ...fields,
        status: 'unknown',
        lastHealthCheck: null,
        lastError: null,
        toolsRefreshedAt: null,
        callsTotal: 0,
        callsSucceeded: 0,
        avgLatencyMs: 0,
      }),
    );
  }

  save(server: McpServerEntity, manager?: EntityManager): Promise<McpServerEntity> {
    return this.repo(manager).save(server);
  }

  async delete(id: string, manager?: EntityManager): Promise<void> {
    await this.repo(manager).delete({ id });
  }

  async recordHealth(
    id: string,
    status: McpServerStatus,
    error: string | null,
    manager?: EntityManager,
  ): Promise<void> {
    await this.repo(manager).update({ id }, { status, lastError: error, lastHealthCheck: () => 'now()' });
  }

  /**
   * One call's outcome, in a single UPDATE so concurrent runs never lose a count: the right-hand
   * sides read the row's values from before this update, which the running mean needs.
   */
  async recordCall(id: string, ok: boolean, latencyMs: number): Promise<void> {
    await this.servers.query(
      `UPDATE mcp_servers SET
         calls_total = calls_total + 1,
         calls_succeeded = calls_succeeded + CASE WHEN $2 THEN 1 ELSE 0 END,
         avg_latency_ms = (avg_latency_ms * calls_total + $3) / (calls_total + 1)
       WHERE id = $1`,
      [id, ok, Math.max(0, latencyMs)],
    );
  }

  /** Swaps the whole tool list of a server (callers run it in a transaction). */
  async replaceTools(serverId: string, tools: ToolRow[], manager: EntityManager): Promise<McpToolEntity[]> {
    const repo = manager.getRepository(McpToolEntity);
    await repo.delete({ serverId });
    const saved = tools.length ? await repo.save(tools.map((t) => repo.create({ ...t, serverId }))) : [];
    await manager
      .getRepository(McpServerEntity)
      .update({ id: serverId }, { toolsRefreshedAt: () => 'now()' });
    return saved;
  }

  listAllForUpdate(manager: EntityManager): Promise<McpServerEntity[]> {
    return manager.getRepository(McpServerEntity).find({ lock: { mode: 'pessimistic_write' } });
  }
}
