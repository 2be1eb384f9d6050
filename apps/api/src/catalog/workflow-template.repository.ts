import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type { Page, TemplateStatus, WorkflowTemplateQuery } from '@agenthub/contracts';
import { type DataSource, type EntityManager, In, type Repository } from 'typeorm';
import { escapeLike, paginate } from '../common/pagination.util.js';
import type { TemplateGraph } from './template-graph.rules.js';
import {
  WorkflowTemplateEdgeEntity,
  WorkflowTemplateEntity,
  WorkflowTemplateNodeEntity,
  WorkflowTemplateRevisionEntity,
} from './workflow-template.entity.js';

export type TemplateFields = Pick<
  WorkflowTemplateEntity,
  | 'key'
  | 'name'
  | 'description'
  | 'category'
  | 'tags'
  | 'definition'
  | 'parameterSchema'
  | 'status'
  | 'rating'
  | 'complexity'
  | 'nodeCount'
>;

export interface TemplateSearch extends WorkflowTemplateQuery {
  /** Statuses the caller may see. */
  statuses: readonly TemplateStatus[];
}

@Injectable()
export class WorkflowTemplateRepository {
  constructor(
    @InjectRepository(WorkflowTemplateEntity) private readonly templates: Repository<WorkflowTemplateEntity>,
    @InjectRepository(WorkflowTemplateNodeEntity)
    private readonly nodes: Repository<WorkflowTemplateNodeEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  search<T>(query: TemplateSearch, toDto: (row: WorkflowTemplateEntity) => T): Promise<Page<T>> {
    const qb = this.templates
      .createQueryBuilder('t')
      .where('t.status IN (:...statuses)', { statuses: query.statuses })
      .orderBy('t.usage_count', 'DESC')
      .addOrderBy('t.created_at', 'ASC')
      .addOrderBy('t.id', 'ASC');
    if (query.q) {
      qb.andWhere(
        `(t.name ILIKE :q OR t.description ILIKE :q OR t.key ILIKE :q OR EXISTS (SELECT 1 FROM unnest(t.tags) tag WHERE tag ILIKE :q))`,
        { q: `%${escapeLike(query.q)}%` },
      );
    }
    if (query.category) qb.andWhere('t.category = :category', { category: query.category });
    if (query.complexity) qb.andWhere('t.complexity = :complexity', { complexity: query.complexity });
    if (query.nodeType) {
      qb.andWhere(
        'EXISTS (SELECT 1 FROM workflow_template_nodes n WHERE n.template_id = t.id AND n.node_type = :nodeType)',
        { nodeType: query.nodeType },
      );
    }
    return paginate(qb, query, toDto);
  }

  findById(id: string, manager?: EntityManager): Promise<WorkflowTemplateEntity | null> {
    return (manager?.getRepository(WorkflowTemplateEntity) ?? this.templates).findOne({ where: { id } });
  }

  /** Locks the row for the rest of the transaction, so concurrent updates bump versions in turn. */
  findByIdForUpdate(id: string, manager: EntityManager): Promise<WorkflowTemplateEntity | null> {
    return manager
      .getRepository(WorkflowTemplateEntity)
      .createQueryBuilder('t')
      .setLock('pessimistic_write')
      .where('t.id = :id', { id })
      .getOne();
  }

  async keyExists(key: string, manager?: EntityManager): Promise<boolean> {
    return (manager?.getRepository(WorkflowTemplateEntity) ?? this.templates).exists({ where: { key } });
  }

  findRevision(templateId: string, version: number): Promise<WorkflowTemplateRevisionEntity | null> {
    return this.dataSource
      .getRepository(WorkflowTemplateRevisionEntity)
      .findOne({ where: { templateId, version } });
  }

  listRevisions(templateId: string): Promise<WorkflowTemplateRevisionEntity[]> {
    return this.dataSource
      .getRepository(WorkflowTemplateRevisionEntity)
      .find({ where: { templateId }, order: { version: 'DESC' } });
  }

  /** Node types per template, for list items. */
  async nodeTypesOf(templateIds: string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    if (templateIds.length === 0) return out;
    const rows = await this.nodes.find({
      where: { templateId: In(templateIds) },
      order: { nodeType: 'ASC' },
    });
    for (const row of rows) {
      const list = out.get(row.templateId) ?? [];
      if (!list.includes(row.nodeType)) list.push(row.nodeType);
      out.set(row.templateId, list);
    }
    return out;
  }

  /** Templates (any status) whose definition has a node of `typeName`. */
  async usingNodeType(typeName: string): Promise<Array<{ id: string; name: string }>> {
    return this.templates
      .createQueryBuilder('t')
      .select(['t.id AS id', 't.name AS name'])
      .where(
        'EXISTS (SELECT 1 FROM workflow_template_nodes n WHERE n.template_id = t.id AND n.node_type = :typeName)',
        { typeName },
      )
      .orderBy('t.name')
      .getRawMany<{ id: string; name: string }>();
  }

  async insert(
    fields: TemplateFields,
    graph: TemplateGraph,
    manager: EntityManager,
  ): Promise<WorkflowTemplateEntity> {
    const repo = manager.getRepository(WorkflowTemplateEntity);
    const saved = await repo.save(repo.create({ ...fields, version: 1, usageCount: 0 }));
    await this.writeGraphAndRevision(saved, graph, manager);
    return saved;
  }

  /** Saves the new state with `version + 1`, its revision and a fresh node/edge index. */
  async updateWithNewVersion(
    current: WorkflowTemplateEntity,
    fields: TemplateFields,
    graph: TemplateGraph,
    manager: EntityManager,
  ): Promise<WorkflowTemplateEntity> {
    const repo = manager.getRepository(WorkflowTemplateEntity);
    const saved = await repo.save(repo.merge(current, { ...fields, version: current.version + 1 }));
    await this.writeGraphAndRevision(saved, graph, manager);
    return saved;
  }

  private async writeGraphAndRevision(
    template: WorkflowTemplateEntity,
    graph: TemplateGraph,
    manager: EntityManager,
  ): Promise<void> {
    const templateId = template.id;
    await manager.delete(WorkflowTemplateNodeEntity, { templateId });
    await manager.delete(WorkflowTemplateEdgeEntity, { templateId });
    if (graph.nodes.length)
      await manager.insert(
        WorkflowTemplateNodeEntity,
        graph.nodes.map((n) => ({ templateId, nodeId: n.nodeId, nodeType: n.nodeType })),
      );
    if (graph.edges.length)
      await manager.insert(
        WorkflowTemplateEdgeEntity,
        graph.edges.map((e) => ({ templateId, from: e.from, to: e.to, type: e.type, label: e.label })),
      );
    await manager.insert(WorkflowTemplateRevisionEntity, {
      templateId,
      version: template.version,
      definition: template.definition as never,
      parameterSchema: template.parameterSchema as never,
    });
  }

  async setStatus(id: string, status: TemplateStatus): Promise<void> {
    await this.templates.update({ id }, { status });
  }

  /** Atomic: concurrent instantiations each count. */
  async incrementUsage(id: string): Promise<void> {
    await this.templates
      .createQueryBuilder()
      .update()
      .set({ usageCount: () => 'usage_count + 1', updatedAt: () => 'updated_at' })
      .where('id = :id', { id })
      .execute();
  }

  async delete(id: string): Promise<void> {
    await this.templates.delete({ id });
  }
}
