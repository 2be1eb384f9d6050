import { describe, expect, it, vi } from 'vitest';
import type { AgentDetail } from '@agenthub/contracts';
import { metadataChanges, settingsChanges, toOverviewForm, useAgentOverview } from './use-agent-overview';

const ID = '3f1b8e55-6a9e-4d83-9b8f-2e8d2c5f0a11';

const agent = (overrides: Partial<AgentDetail> = {}): AgentDetail =>
  ({
    id: ID,
    ownerId: '0f3b8e55-6a9e-4d83-9b8f-2e8d2c5f0a11',
    slug: 'travel',
    name: 'Travel',
    nameZh: null,
    description: 'Plans **trips**',
    descriptionZh: null,
    icon: null,
    categoryId: null,
    tags: ['trips'],
    status: 'draft',
    installCount: 0,
    ratingAvg: 0,
    ratingCount: 0,
    latestVersion: null,
    currentVersionId: null,
    templateId: null,
    publishedAt: null,
    archivedAt: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    draft: {
      revision: 'draft-1.3',
      systemPrompt: null,
      modelParamsOverride: { temperature: 0.7, seed: 42 },
    } as unknown as AgentDetail['draft'],
    ...overrides,
  }) as AgentDetail;

describe('Overview changes', () => {
  it('sends only the fields that changed, with empty optional texts as null', () => {
    const before = toOverviewForm(agent());
    const after = structuredClone(before);
    expect(metadataChanges(before, after)).toEqual({});
    expect(settingsChanges(before, after, {})).toBeNull();

    after.details.name = ' Trip planner ';
    after.details.icon = '  ';
    after.nameZh = '旅行规划';
    after.details.tags = ['trips', 'travel'];
    expect(metadataChanges(before, after)).toEqual({
      name: 'Trip planner',
      nameZh: '旅行规划',
      tags: ['trips', 'travel'],
    });
  });

  it('changes the edited model parameters and keeps the other stored overrides', () => {
    const stored = { temperature: 0.7, seed: 42 };
    const before = toOverviewForm(agent());
    expect(before.modelParams).toEqual({ temperature: 0.7, maxTokens: null, topP: null });
    const after = structuredClone(before);
    after.modelParams.temperature = null;
    after.modelParams.maxTokens = 512;
    after.systemPrompt = 'Be brief.';
    expect(settingsChanges(before, after, stored)).toEqual({
      systemPrompt: 'Be brief.',
      modelParamsOverride: { seed: 42, maxTokens: 512 },
    });
  });
});

describe('useAgentOverview', () => {
  it('loads the agent, saves metadata and settings through their routes, and is clean afterwards', async () => {
    const calls: Array<{ method: string; path: string; body?: unknown; ifMatch?: string | null }> = [];
    let current = agent();
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
        const url = new URL(String(input), 'http://x');
        const method = init?.method ?? 'GET';
        const body = init?.body ? JSON.parse(String(init.body)) : undefined;
        const ifMatch = new Headers(init?.headers).get('If-Match');
        calls.push({ method, path: url.pathname, body, ...(ifMatch ? { ifMatch } : {}) });
        if (method === 'PATCH' && url.pathname === `/api/agents/${ID}`) {
          current = { ...current, ...(body as object) };
          return Response.json(current);
        }
        if (method === 'PATCH' && url.pathname === `/api/agents/${ID}/draft/settings`) {
          const draft = { ...current.draft!, ...(body as object) };
          return Response.json({ draft, validation: { valid: true, problems: [] } });
        }
        return Response.json(current);
      }),
    );
    const overview = useAgentOverview(() => ID);
    await overview.load();
    expect(overview.dirty.value).toBe(false);
    overview.form.value!.details.description = 'Plans *short* trips';
    overview.form.value!.systemPrompt = 'Answer in one paragraph.';
    expect(overview.dirty.value).toBe(true);
    await overview.save();

    expect(calls.slice(1)).toEqual([
      { method: 'PATCH', path: `/api/agents/${ID}`, body: { description: 'Plans *short* trips' } },
      {
        method: 'PATCH',
        path: `/api/agents/${ID}/draft/settings`,
        body: { systemPrompt: 'Answer in one paragraph.' },
        // The revision the form was loaded from: a draft changed elsewhere answers 412.
        ifMatch: '"draft-1.3"',
      },
    ]);
    expect(overview.dirty.value).toBe(false);
    expect(overview.form.value!.systemPrompt).toBe('Answer in one paragraph.');
  });

  it('overwrites without If-Match when asked to after a conflict', async () => {
    const seen: Array<string | null> = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
        const url = new URL(String(input), 'http://x');
        if (url.pathname.endsWith('/draft/settings')) {
          const ifMatch = new Headers(init?.headers).get('If-Match');
          seen.push(ifMatch);
          if (ifMatch)
            return Response.json(
              { statusCode: 412, code: 'draft_revision_stale', message: 'changed elsewhere', details: [] },
              { status: 412 },
            );
          return Response.json({ draft: agent().draft, validation: { valid: true, problems: [] } });
        }
        return Response.json(agent());
      }),
    );
    const overview = useAgentOverview(() => ID);
    await overview.load();
    overview.form.value!.systemPrompt = 'Mine.';
    await expect(overview.save()).rejects.toMatchObject({ status: 412, code: 'draft_revision_stale' });
    expect(overview.dirty.value).toBe(true); // nothing typed is lost
    await overview.save({ overwrite: true });
    expect(seen).toEqual(['"draft-1.3"', null]);
  });
});
