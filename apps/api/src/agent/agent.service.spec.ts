import type { DataSource } from 'typeorm';
import type { AuthUser } from '../common/auth.decorators';
import type { AuditService } from '../identity/audit.service';
import type { AgentCategoryRepository } from './agent-category.repository';
import type { AgentEntity } from './agent.entity';
import type { AgentRepository } from './agent.repository';
import { AgentService } from './agent.service';
import type { AgentVersionRepository } from './agent-version.repository';
import type { AgentUsageSource, TemplateSource } from './ports/agent.ports';

const DEV: AuthUser = { id: '00000000-0000-4000-8000-000000000001', roles: ['developer'] } as AuthUser;
const ADMIN: AuthUser = { id: '00000000-0000-4000-8000-000000000009', roles: ['admin'] } as AuthUser;

function entity(id: string, ownerId = DEV.id): AgentEntity {
  const at = new Date('2026-01-01T00:00:00Z');
  return {
    id,
    ownerId,
    slug: `agent-${id.slice(-1)}`,
    name: 'A',
    nameZh: null,
    description: '',
    descriptionZh: null,
    icon: null,
    categoryId: null,
    tags: [],
    status: 'draft',
    installCount: 3,
    ratingAvg: 0,
    ratingCount: 0,
    latestVersion: null,
    currentVersionId: null,
    templateId: null,
    publishedAt: null,
    archivedAt: null,
    deletedAt: null,
    createdAt: at,
    updatedAt: at,
  } as unknown as AgentEntity;
}

function setup(rows: AgentEntity[], taken: string[] = []) {
  const agents = {
    search: jest.fn(async () => ({ items: rows, total: rows.length, page: 1, pageSize: 20 })),
    slugTaken: jest.fn(
      async (slug: string, exceptId?: string) =>
        rows.some((r) => r.slug === slug && r.id !== exceptId) || taken.includes(slug),
    ),
    findActiveById: jest.fn(async (id: string) => rows.find((r) => r.id === id) ?? null),
  };
  const versions = {
    draftUpdatedAt: jest.fn(async () => new Map([[rows[0]!.id, new Date('2026-02-01T10:00:00Z')]])),
  };
  const usage = { recentChatCounts: jest.fn(async () => new Map([[rows[0]!.id, 5]])) };
  const service = new AgentService(
    {} as DataSource,
    agents as unknown as AgentRepository,
    versions as unknown as AgentVersionRepository,
    {} as AgentCategoryRepository,
    {} as TemplateSource,
    {} as AuditService,
    usage as unknown as AgentUsageSource,
  );
  return { service, agents, versions, usage };
}

describe('AgentService (Studio list and slugs)', () => {
  const a = entity('00000000-0000-4000-8000-00000000000a');
  const b = entity('00000000-0000-4000-8000-00000000000b');

  it('adds draft time and 7-day chats to each row, asking each port once for the whole page', async () => {
    const { service, agents, versions, usage } = setup([a, b]);
    const page = await service.list(DEV, { page: 1, pageSize: 20 });
    expect(agents.search).toHaveBeenCalledWith({ page: 1, pageSize: 20 }, DEV.id);
    expect(versions.draftUpdatedAt).toHaveBeenCalledTimes(1);
    expect(usage.recentChatCounts).toHaveBeenCalledWith([a.id, b.id], 7);
    expect(page.items.map((i) => [i.draftUpdatedAt, i.chatsLast7Days, i.installCount])).toEqual([
      ['2026-02-01T10:00:00.000Z', 5, 3],
      [null, 0, 3],
    ]);
  });

  it('scopes developers to their own agents and lets admins see everyone’s', async () => {
    const { service, agents } = setup([a]);
    await service.list(ADMIN, { page: 1, pageSize: 20 });
    expect(agents.search).toHaveBeenCalledWith({ page: 1, pageSize: 20 }, null);
  });

  it('reports a taken slug with the first free variant, and the renamed agent’s own slug as free', async () => {
    const { service } = setup([a], ['agent-a-2']);
    expect(await service.slugAvailability(DEV, { slug: 'agent-a' })).toEqual({
      slug: 'agent-a',
      available: false,
      suggestion: 'agent-a-3',
    });
    expect(await service.slugAvailability(DEV, { slug: 'agent-a', exceptId: a.id })).toEqual({
      slug: 'agent-a',
      available: true,
      suggestion: null,
    });
  });

  it('answers 404 when the renamed agent belongs to someone else', async () => {
    const theirs = entity('00000000-0000-4000-8000-00000000000c', '00000000-0000-4000-8000-000000000002');
    const { service } = setup([theirs]);
    await expect(service.slugAvailability(DEV, { slug: 'x-y', exceptId: theirs.id })).rejects.toMatchObject({
      status: 404,
    });
  });
});
