import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { WorkflowTemplateService } from '../../catalog/workflow-template.service.js';
import { type InstantiatedTemplate, TemplateSource, type TemplateSummary } from './agent.ports.js';

interface TemplateRow {
  id: string;
  key: string;
  name: string;
  description: string;
  category: string;
  tags: string[];
  version: number;
  status: string;
}

/**
 * Workflow templates for agents: instantiation through the catalog's service (parameter
 * validation, usage counting); the summaries the review and the demo seeder need are read from
 * the catalog's table (read-only).
 */
@Injectable()
export class CatalogTemplateSource extends TemplateSource {
  constructor(
    private readonly dataSource: DataSource,
    private readonly catalog: WorkflowTemplateService,
  ) {
    super();
  }

  private async row(id: string): Promise<TemplateRow | null> {
    const rows: TemplateRow[] = await this.dataSource.query(
      `SELECT id, key, name, description, category, tags, version, status FROM workflow_templates WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  async find(templateId: string): Promise<TemplateSummary | null> {
    const row = await this.row(templateId);
    return row ? summary(row) : null;
  }

  async listActive(): Promise<TemplateSummary[]> {
    const rows: TemplateRow[] = await this.dataSource.query(
      `SELECT id, key, name, description, category, tags, version, status
         FROM workflow_templates WHERE status = 'active' ORDER BY created_at, key`,
    );
    return rows.map(summary);
  }

  async instantiate(
    templateId: string,
    parameters: Record<string, unknown>,
    options: { countUsage: boolean; viewer?: { id: string; roles: readonly string[] } },
  ): Promise<InstantiatedTemplate> {
    const result = await this.catalog.instantiate(templateId, parameters, {
      countUsage: options.countUsage,
      viewer: options.viewer ? { id: options.viewer.id, roles: [...options.viewer.roles] } : undefined,
      errorPathPrefix: 'body',
    });
    return {
      definition: result.definition,
      validation: result.validation,
      templateId: result.templateId,
      templateVersion: result.templateVersion,
      parameters: result.parameters,
    };
  }
}

function summary(row: TemplateRow): TemplateSummary {
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    description: row.description,
    category: row.category,
    tags: row.tags,
    version: row.version,
    status: row.status,
  };
}
