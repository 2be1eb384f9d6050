import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { BUILTIN_NODE_TYPES } from '@agenthub/engine';
import { DataSource, type EntityManager } from 'typeorm';
import { NodeTypeRepository } from './node-type.repository.js';
import { NodeTypeService } from './node-type.service.js';
import { SEED_TEMPLATES } from './seed-templates.js';
import { WorkflowTemplateService } from './workflow-template.service.js';

/**
 * Seeds one node type per built-in executor kind and the starter templates at boot. Each seed
 * runs once per database, recorded in `catalog_seeds` in the same transaction: rows an admin
 * edited are never overwritten, a seeded template an admin deleted does not come back, and
 * replicas booting together seed each item exactly once (the seed-key insert serialises them).
 */
@Injectable()
export class CatalogSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger('CatalogSeeder');

  constructor(
    private readonly dataSource: DataSource,
    private readonly nodeTypeRepo: NodeTypeRepository,
    private readonly nodeTypes: NodeTypeService,
    private readonly templates: WorkflowTemplateService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const seeded: string[] = [];
    for (const t of BUILTIN_NODE_TYPES) {
      const done = await this.once(`node_type:${t.typeName}`, async (manager) => {
        await this.nodeTypeRepo.insertIfMissing(
          {
            typeName: t.typeName,
            kind: t.kind,
            displayName: t.displayName,
            description: t.description,
            category: t.category,
            tags: t.tags,
            icon: t.icon ?? null,
            inputSchema: t.inputSchema,
            outputSchema: t.outputSchema,
            requiredServices: t.requiredServices,
            defaultConfig: t.defaultConfig,
            builtin: true,
          },
          manager,
        );
      });
      if (done) seeded.push(t.typeName);
    }
    this.nodeTypes.invalidate();
    for (const t of SEED_TEMPLATES) {
      const done = await this.once(`workflow_template:${t.key}`, async (manager) => {
        await this.templates.seed({ ...t, status: 'active', rating: null }, manager);
      });
      if (done) seeded.push(t.key);
    }
    if (seeded.length) this.logger.log(`Seeded catalog: ${seeded.join(', ')}`);
  }

  /** Runs `work` in a transaction unless `seedKey` was seeded before; true when it ran. */
  private once(seedKey: string, work: (manager: EntityManager) => Promise<void>): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const inserted = (await manager.query(
        `INSERT INTO catalog_seeds (seed_key) VALUES ($1) ON CONFLICT DO NOTHING RETURNING seed_key`,
        [seedKey],
      )) as unknown[];
      if (inserted.length === 0) return false;
      await work(manager);
      return true;
    });
  }
}
