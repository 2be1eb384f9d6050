import { createAgent } from './agent/agent-test.helpers';
import { auth, createChat, createChatCast, createChatTestApp, publishAgent } from './chat/chat-test.fixtures';
import type { TestApp } from './helpers/test-app';

interface Row {
  id: string;
  disabled: boolean;
  agentCount: number;
  chatCount: number;
}

describe('admin users: status filter and agent / chat counts', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof createChatCast>>;
  beforeAll(async () => {
    t = await createChatTestApp();
    c = await createChatCast(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const list = async (query: string): Promise<Row[]> => {
    const res = await t.http().get(`/api/admin/users${query}`).set(auth(c.admin));
    expect(res.status).toBe(200);
    return res.body.items as Row[];
  };
  const row = (rows: Row[], id: string) => rows.find((r) => r.id === id);

  it('counts the agents a user owns and the chats they have, leaving out deleted ones', async () => {
    const published = await publishAgent(t, c.owner);
    const gone = await createAgent(t, c.owner);
    await createAgent(t, c.owner);
    await t.http().delete(`/api/agents/${gone.id}`).set(auth(c.owner)).expect(204);
    await createChat(t, c.user, published.id);
    const deleted = await createChat(t, c.user, published.id);
    await createChat(t, c.owner, published.id);
    await t.http().delete(`/api/chats/${deleted.id}`).set(auth(c.user)).expect(204);

    const rows = await list('?pageSize=100');
    expect(row(rows, c.owner.id)).toMatchObject({ agentCount: 2, chatCount: 1 });
    expect(row(rows, c.user.id)).toMatchObject({ agentCount: 0, chatCount: 1 });
    expect(row(rows, c.other.id)).toMatchObject({ agentCount: 0, chatCount: 0 });
  });

  it('filters by status, alone and with role and search', async () => {
    await t
      .http()
      .patch(`/api/admin/users/${c.other.id}`)
      .set(auth(c.admin))
      .send({ disabled: true })
      .expect(200);

    const disabled = await list('?status=disabled&pageSize=100');
    expect(disabled.map((u) => u.id)).toContain(c.other.id);
    expect(disabled.every((u) => u.disabled)).toBe(true);
    const active = await list('?status=active&pageSize=100');
    expect(active.map((u) => u.id)).toEqual(expect.arrayContaining([c.owner.id, c.user.id, c.admin.id]));
    expect(active.every((u) => !u.disabled)).toBe(true);
    expect((await list('?status=disabled&role=developer&pageSize=100')).map((u) => u.id)).toContain(
      c.other.id,
    );
    expect(await list(`?status=active&q=${encodeURIComponent(c.other.email)}`)).toEqual([]);
  });

  it('answers 400 naming the field for an unknown status, 401 anonymous, 403 for a developer', async () => {
    const bad = await t.http().get('/api/admin/users?status=gone').set(auth(c.admin));
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: { path: string }) => d.path)).toEqual(['query.status']);
    expect((await t.http().get('/api/admin/users?status=active')).status).toBe(401);
    expect((await t.http().get('/api/admin/users?status=active').set(auth(c.owner))).status).toBe(403);
    expect((await t.http().get('/api/admin/users?status=active').set(auth(c.user))).status).toBe(403);
  });
});
