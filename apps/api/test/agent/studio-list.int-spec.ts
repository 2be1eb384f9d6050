import type { TestApp } from '../helpers/test-app';
import { createChat, createChatTestApp, publishAgent } from '../chat/chat-test.fixtures';
import { auth, type Cast, createAgent, createCast } from './agent-test.helpers';

interface ListItem {
  id: string;
  ownerId: string;
  status: string;
  latestVersion: string | null;
  installCount: number;
  draftUpdatedAt: string | null;
  chatsLast7Days: number;
}

/** The Studio home's data: `GET /api/agents` rows, slug availability, the Overview's settings save. */
describe('Studio: agent list, slug availability, draft settings', () => {
  let t: TestApp;
  let c: Cast;
  beforeAll(async () => {
    t = await createChatTestApp();
    c = await createCast(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const list = async (who: keyof Cast, query = '') => {
    const res = await t.http().get(`/api/agents?pageSize=100${query}`).set(auth(c[who]));
    expect(res.status).toBe(200);
    return res.body.items as ListItem[];
  };

  const say = async (chatId: string, who: keyof Cast) => {
    const res = await t
      .http()
      .post(`/api/chats/${chatId}/messages`)
      .set(auth(c[who]))
      .send({ content: 'hello' });
    expect(res.status).toBeLessThan(300);
  };

  it('lists each agent with its latest version, draft change time, installs and chats of the last 7 days', async () => {
    const published = await publishAgent(t, c.owner);
    await t.http().post(`/api/store/agents/${published.id}/install`).set(auth(c.user)).expect(200);
    const first = await createChat(t, c.user, published.id);
    await say(first.id, 'user');
    await say(first.id, 'user'); // the same chat twice counts once
    const second = await createChat(t, c.other, published.id);
    await say(second.id, 'other');
    const old = await createChat(t, c.admin, published.id);
    await say(old.id, 'admin');
    // A chat whose only turn is 8 days old is outside the window.
    await t.db.query(
      `UPDATE workflow_executions SET created_at = now() - interval '8 days' WHERE chat_id = $1`,
      [old.id],
    );
    const fresh = await createAgent(t, c.owner, { name: 'Fresh draft' });

    const items = await list('owner');
    const row = items.find((a) => a.id === published.id)!;
    expect(row).toMatchObject({
      status: 'published',
      latestVersion: '1.0.0',
      installCount: 1,
      chatsLast7Days: 2,
    });
    // Right after a publish there is no draft until the next edit.
    expect(row.draftUpdatedAt).toBeNull();
    const draftRow = items.find((a) => a.id === fresh.id)!;
    expect(draftRow).toMatchObject({ status: 'draft', latestVersion: null, chatsLast7Days: 0 });
    expect(Date.parse(draftRow.draftUpdatedAt!)).toBeGreaterThan(Date.now() - 60_000);

    // Editing after the publish creates a draft; its time shows up.
    await t
      .http()
      .patch(`/api/agents/${published.id}/draft/settings`)
      .set(auth(c.owner))
      .send({ systemPrompt: 'Be brief.' })
      .expect(200);
    const edited = (await list('owner')).find((a) => a.id === published.id)!;
    expect(edited.draftUpdatedAt).not.toBeNull();
  });

  it('shows developers only their own agents; admins everyone’s, or their own with ownerId', async () => {
    const mine = await createAgent(t, c.owner, { name: 'Owner only' });
    const theirs = await createAgent(t, c.other, { name: 'Other only' });
    const adminOwn = await createAgent(t, c.admin, { name: 'Admin own' });

    const ownerIds = (await list('owner')).map((a) => a.id);
    expect(ownerIds).toContain(mine.id);
    expect(ownerIds).not.toContain(theirs.id);
    expect(ownerIds).not.toContain(adminOwn.id);
    // A developer's ownerId filter never widens the list to someone else's agents.
    expect((await list('owner', `&ownerId=${c.other.id}`)).map((a) => a.id)).not.toContain(theirs.id);

    const adminAll = (await list('admin')).map((a) => a.id);
    expect(adminAll).toEqual(expect.arrayContaining([mine.id, theirs.id, adminOwn.id]));
    const adminMine = await list('admin', `&ownerId=${c.admin.id}`);
    expect(adminMine.map((a) => a.id)).toContain(adminOwn.id);
    expect(adminMine.every((a) => a.ownerId === c.admin.id)).toBe(true);

    expect((await t.http().get('/api/agents').set(auth(c.user))).status).toBe(403);
    expect((await t.http().get('/api/agents')).status).toBe(401);
  });

  it('filters by status and searches by name, and archive/unarchive moves an agent between filters', async () => {
    const agent = await createAgent(t, c.owner, { name: 'Archivable Zebra' });
    expect((await list('owner', '&q=zebra')).map((a) => a.id)).toEqual([agent.id]);
    await t.http().post(`/api/agents/${agent.id}/archive`).set(auth(c.owner)).expect(200);
    expect((await list('owner', '&status=archived')).map((a) => a.id)).toContain(agent.id);
    expect((await list('owner', '&status=draft')).map((a) => a.id)).not.toContain(agent.id);
    await t.http().post(`/api/agents/${agent.id}/unarchive`).set(auth(c.owner)).expect(200);
    expect((await list('owner', '&status=draft')).map((a) => a.id)).toContain(agent.id);
    const bad = await t.http().get('/api/agents?status=gone').set(auth(c.owner));
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].path).toBe('query.status');
  });

  it('answers slug availability as the developer types, with a free suggestion', async () => {
    const check = (query: string, who: keyof Cast = 'owner') =>
      t.http().get(`/api/agents/slug-availability?${query}`).set(auth(c[who]));

    const taken = await createAgent(t, c.other, { name: 'Slug holder', slug: 'slug-holder' });
    const res = await check('slug=slug-holder');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ slug: 'slug-holder', available: false, suggestion: 'slug-holder-2' });
    expect((await check('slug=slug-free-one')).body).toEqual({
      slug: 'slug-free-one',
      available: true,
      suggestion: null,
    });

    // Renaming your own agent: its current slug counts as available; someone else's id is 404.
    const own = await createAgent(t, c.owner, { name: 'Renamed', slug: 'renamed-own' });
    expect((await check(`slug=renamed-own&exceptId=${own.id}`)).body.available).toBe(true);
    const probe = await check(`slug=slug-holder&exceptId=${taken.id}`);
    expect(probe.status).toBe(404);

    // A deleted agent's slug is free again.
    await t.http().delete(`/api/agents/${taken.id}`).set(auth(c.other)).expect(204);
    expect((await check('slug=slug-holder')).body.available).toBe(true);

    const invalid = await check('slug=Not%20A%20Slug');
    expect(invalid.status).toBe(400);
    expect(invalid.body.code).toBe('validation_failed');
    expect(invalid.body.details[0].path).toBe('query.slug');
    expect((await check('')).body.details[0].path).toBe('query.slug');
    expect((await check('slug=abc', 'user')).status).toBe(403);
  });

  it('saves draft settings without touching the workflow, with field paths for bad input', async () => {
    const agent = await createAgent(t, c.owner);
    const before = (await t.http().get(`/api/agents/${agent.id}`).set(auth(c.owner))).body;
    const path = `/api/agents/${agent.id}/draft/settings`;
    const ok = await t
      .http()
      .patch(path)
      .set(auth(c.owner))
      .send({ systemPrompt: 'You are concise.', modelParamsOverride: { temperature: 0.3, maxTokens: 512 } });
    expect(ok.status).toBe(200);
    expect(ok.body.draft).toMatchObject({
      systemPrompt: 'You are concise.',
      modelParamsOverride: { temperature: 0.3, maxTokens: 512 },
      workflowDefinition: before.draft.workflowDefinition,
    });
    expect(ok.body.validation).toBeDefined();

    const bad = await t
      .http()
      .patch(path)
      .set(auth(c.owner))
      .send({ modelParamsOverride: { temperature: 5 } });
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].path).toBe('body.modelParamsOverride.temperature');
    const empty = await t.http().patch(path).set(auth(c.owner)).send({});
    expect(empty.status).toBe(400);

    // A settings save is a draft save: new revision, ETag header, stale If-Match → 412.
    expect(ok.body.draft.revision).not.toBe(before.draft.revision);
    expect(ok.headers.etag).toBe(`"${ok.body.draft.revision}"`);
    const stale = await t
      .http()
      .patch(path)
      .set({ ...auth(c.owner), 'If-Match': `"${before.draft.revision}"` })
      .send({ systemPrompt: 'Lost?' });
    expect(stale.status).toBe(412);
    expect(stale.body.code).toBe('draft_revision_stale');
    const fresh = await t
      .http()
      .patch(path)
      .set({ ...auth(c.owner), 'If-Match': ok.headers.etag as string })
      .send({ systemPrompt: 'Kept.' });
    expect(fresh.status).toBe(200);

    expect((await t.http().patch(path).set(auth(c.other)).send({ systemPrompt: 'x' })).status).toBe(404);
    expect((await t.http().patch(path).set(auth(c.admin)).send({ systemPrompt: 'x' })).status).toBe(200);
    expect((await t.http().patch(path).set(auth(c.user)).send({ systemPrompt: 'x' })).status).toBe(403);
  });
});
