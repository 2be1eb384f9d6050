import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { randomToken } from '../common/crypto.util.js';
import { AuditService } from '../identity/audit.service.js';
import { hashPassword } from '../identity/password.util.js';
import { UserEntity } from '../identity/user.entity.js';
import { AgentCategoryEntity } from './agent-category.entity.js';
import { AgentEntity } from './agent.entity.js';
import { AgentSettings } from './agent.settings.js';
import { AgentVersionRepository } from './agent-version.repository.js';
import { TemplateSource, type TemplateSummary } from './ports/agent.ports.js';

export const DEMO_DEVELOPER_EMAIL = 'demo-developer@agenthub.local';
const SEED_LOCK = 'agenthub:agent-demo-seed';

export const DEMO_CATEGORIES = [
  { slug: 'customer-service', name: 'Customer service', nameZh: '客户服务', sort: 10 },
  { slug: 'writing', name: 'Writing', nameZh: '写作', sort: 20 },
  { slug: 'data', name: 'Data analysis', nameZh: '数据分析', sort: 30 },
  { slug: 'search', name: 'Search', nameZh: '搜索', sort: 40 },
  { slug: 'developer-tools', name: 'Developer tools', nameZh: '开发者工具', sort: 50 },
  { slug: 'translation', name: 'Translation', nameZh: '翻译', sort: 60 },
] as const;

interface DemoCopy {
  match: RegExp;
  name: string;
  nameZh: string;
  description: string;
  descriptionZh: string;
  category: (typeof DEMO_CATEGORIES)[number]['slug'];
  icon: string;
  tags: string[];
}

/** Store copy per seeded template, matched on the template's key or name. */
const DEMO_COPY: DemoCopy[] = [
  {
    match: /customer|support|service/i,
    name: 'Customer service assistant',
    nameZh: '智能客服助手',
    description: 'Answers common questions and hands tricky cases to a human after approval.',
    descriptionZh: '自动解答常见问题，复杂问题经人工确认后转交客服。',
    category: 'customer-service',
    icon: 'headset',
    tags: ['support', 'faq'],
  },
  {
    match: /code.?review|review/i,
    name: 'Code review team',
    nameZh: '代码审查小组',
    description: 'Three reviewers check code quality, security and performance in parallel, then summarise.',
    descriptionZh: '三位审查员并行检查代码质量、安全与性能，并汇总结论。',
    category: 'developer-tools',
    icon: 'code',
    tags: ['code', 'review'],
  },
  {
    match: /writ/i,
    name: 'Writing assistant',
    nameZh: '写作助手',
    description: 'Drafts and polishes articles, emails and posts in the tone you choose.',
    descriptionZh: '按你选择的语气起草并润色文章、邮件和帖子。',
    category: 'writing',
    icon: 'pen',
    tags: ['writing'],
  },
  {
    match: /data|analy/i,
    name: 'Data analyst',
    nameZh: '数据分析师',
    description: 'Explains your data, computes figures and suggests charts.',
    descriptionZh: '解读数据、计算指标并给出图表建议。',
    category: 'data',
    icon: 'chart',
    tags: ['data', 'analysis'],
  },
  {
    match: /search|web/i,
    name: 'Web researcher',
    nameZh: '网络搜索助手',
    description: 'Searches the web with tools and answers with what it found.',
    descriptionZh: '借助搜索工具查找资料，并据此作答。',
    category: 'search',
    icon: 'search',
    tags: ['search', 'tools'],
  },
  {
    match: /translat/i,
    name: 'Translator',
    nameZh: '翻译助手',
    description: 'Translates text between languages while keeping tone and terminology.',
    descriptionZh: '在多种语言之间翻译，保持语气与术语一致。',
    category: 'translation',
    icon: 'translate',
    tags: ['translation', 'language'],
  },
];

/**
 * Demo data for a fresh install, so the store is never empty: categories, a demo developer
 * (random password nobody knows; it exists to own the demo agents) and one published agent per
 * seeded workflow template. Idempotent by slug (a demo agent an admin deleted is not revived),
 * serialised across replicas by an advisory lock, off with SEED_DEMO=false. Runs at application
 * bootstrap, after the catalog (imported by this module) has seeded its templates.
 */
@Injectable()
export class DemoDataSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger('AgentDemoData');

  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: AgentSettings,
    private readonly templates: TemplateSource,
    private readonly versions: AgentVersionRepository,
    private readonly audit: AuditService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.settings.seedDemo) return;
    await this.seed();
  }

  async seed(): Promise<{ agentsCreated: number }> {
    const templates = await this.templates.listActive();
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [SEED_LOCK]);
      const categoryIds = await this.seedCategories(manager);
      const developerId = await this.seedDeveloper(manager);
      let agentsCreated = 0;
      const used = new Set<DemoCopy>();
      for (const template of templates) {
        const copy = DEMO_COPY.find(
          (c) => !used.has(c) && (c.match.test(template.key) || c.match.test(template.name)),
        );
        if (copy) used.add(copy);
        if (await this.seedAgent(manager, template, copy, developerId, categoryIds)) agentsCreated += 1;
      }
      if (agentsCreated > 0) {
        this.logger.log(`Seeded ${agentsCreated} demo agent(s)`);
        await this.audit.record(
          {
            actorId: null,
            action: 'agent.demo_seeded',
            targetType: 'agent',
            metadata: { agents: agentsCreated },
          },
          manager,
        );
      }
      return { agentsCreated };
    });
  }

  private async seedCategories(manager: EntityManager): Promise<Map<string, string>> {
    for (const c of DEMO_CATEGORIES) {
      await manager.query(
        `INSERT INTO agent_categories (slug, name, name_zh, sort) VALUES ($1, $2, $3, $4) ON CONFLICT (slug) DO NOTHING`,
        [c.slug, c.name, c.nameZh, c.sort],
      );
    }
    const rows = await manager.getRepository(AgentCategoryEntity).find();
    return new Map(rows.map((r) => [r.slug, r.id]));
  }

  private async seedDeveloper(manager: EntityManager): Promise<string> {
    const users = manager.getRepository(UserEntity);
    const existing = await users.findOne({ where: { email: DEMO_DEVELOPER_EMAIL } });
    if (existing) return existing.id;
    const created = await users.save(
      users.create({
        email: DEMO_DEVELOPER_EMAIL,
        displayName: 'AgentHub Demo',
        // Random and discarded: the account owns demo content and is never meant to sign in.
        passwordHash: await hashPassword(randomToken(32)),
        roles: ['developer'],
        disabled: false,
      }),
    );
    return created.id;
  }

  private async seedAgent(
    manager: EntityManager,
    template: TemplateSummary,
    copy: DemoCopy | undefined,
    ownerId: string,
    categoryIds: Map<string, string>,
  ): Promise<boolean> {
    const slug = `demo-${template.key}`
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .slice(0, 64);
    // Soft-deleted rows count too: an admin who removed a demo agent does not get it back.
    const [exists] = await manager.query(`SELECT 1 FROM agents WHERE slug = $1 LIMIT 1`, [slug]);
    if (exists) return false;
    let instantiated;
    try {
      instantiated = await this.templates.instantiate(template.id, {}, { countUsage: false });
    } catch (err) {
      this.logger.warn({ err, template: template.key }, 'Skipping demo agent: template does not instantiate');
      return false;
    }
    const agents = manager.getRepository(AgentEntity);
    const agent = await agents.save(
      agents.create({
        ownerId,
        slug,
        name: copy?.name ?? template.name,
        nameZh: copy?.nameZh ?? null,
        description: copy?.description ?? template.description,
        descriptionZh: copy?.descriptionZh ?? null,
        icon: copy?.icon ?? null,
        categoryId: (copy && categoryIds.get(copy.category)) ?? null,
        tags: copy?.tags ?? template.tags,
        status: 'published',
        templateId: template.id,
      }),
    );
    const version = await this.versions.createPublished(
      {
        agentId: agent.id,
        version: '1.0.0',
        changelog: 'First version',
        reviewNotes: 'Demo agent seeded by the platform',
        workflowDefinition: null,
        workflowTemplateId: instantiated.templateId,
        templateParameters: instantiated.parameters,
        templateVersion: instantiated.templateVersion,
        resolvedDefinition: instantiated.definition as Record<string, unknown>,
        serviceDependencies: {},
        modelParamsOverride: {},
        systemPrompt: null,
        toolDependencies: [],
        ragEnabled: false,
        stepLimit: null,
      },
      manager,
    );
    await agents.update(
      { id: agent.id },
      { currentVersionId: version.id, latestVersion: '1.0.0', publishedAt: new Date() },
    );
    return true;
  }
}
