import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { McpToolQuery, Page } from '@agenthub/contracts';
import type { Repository } from 'typeorm';
import { escapeLike } from '../../common/pagination.util.js';
import type { ConfigVisibility } from '../service-configs/service-config.repository.js';
import { McpServerEntity } from './mcp-server.entity.js';
import { McpToolEntity } from './mcp-tool.entity.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ToolWithServer {
  tool: McpToolEntity;
  serverName: string;
}

@Injectable()
export class McpToolRepository {
  constructor(@InjectRepository(McpToolEntity) private readonly tools: Repository<McpToolEntity>) {}

  listForServer(serverId: string): Promise<McpToolEntity[]> {
    return this.tools.find({ where: { serverId }, order: { name: 'ASC' } });
  }

  /** Tools of the servers the caller can see, searched by tool name or description. */
  async search(query: McpToolQuery, visibility: ConfigVisibility): Promise<Page<ToolWithServer>> {
    const qb = this.tools
      .createQueryBuilder('t')
      .innerJoin(McpServerEntity, 's', 's.id = t.serverId')
      .addSelect('s.name', 'server_name')
      .orderBy('s.name', 'ASC')
      .addOrderBy('t.name', 'ASC');
    if (visibility.kind === 'platform_and_own') {
      qb.andWhere('(s.ownerId IS NULL OR s.ownerId = :userId)', { userId: visibility.userId });
    }
    if (query.server) {
      if (UUID.test(query.server)) qb.andWhere('s.id = :server', { server: query.server });
      else qb.andWhere('s.name = :server', { server: query.server });
    }
    if (query.q) {
      qb.andWhere(`(t.name ILIKE :q ESCAPE '\\' OR t.description ILIKE :q ESCAPE '\\')`, {
        q: `%${escapeLike(query.q)}%`,
      });
    }
    const total = await qb.getCount();
    const { entities, raw } = await qb
      .offset((query.page - 1) * query.pageSize)
      .limit(query.pageSize)
      .getRawAndEntities<{ server_name: string }>();
    return {
      items: entities.map((tool, i) => ({ tool, serverName: raw[i]?.server_name ?? '' })),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }
}
