import { UserActivityRegistry } from './user-activity.registry';

describe('UserActivityRegistry', () => {
  it('gives every asked user zero counts when nothing is registered, and asks nobody for no users', async () => {
    const registry = new UserActivityRegistry();
    const agents = jest.fn(async () => new Map<string, number>());
    expect([...(await registry.counts(['a', 'b']))]).toEqual([
      ['a', { agents: 0, chats: 0 }],
      ['b', { agents: 0, chats: 0 }],
    ]);
    registry.register('agents', agents);
    expect((await registry.counts([])).size).toBe(0);
    expect(agents).not.toHaveBeenCalled();
  });

  it('adds up every lookup of a kind and ignores users that were not asked for', async () => {
    const registry = new UserActivityRegistry();
    registry.register('agents', async () => new Map([['a', 2]]));
    registry.register(
      'agents',
      async () =>
        new Map([
          ['a', 1],
          ['stranger', 9],
        ]),
    );
    registry.register('chats', async (ids) => new Map(ids.map((id) => [id, 3])));
    const counts = await registry.counts(['a', 'b']);
    expect(counts.get('a')).toEqual({ agents: 3, chats: 3 });
    expect(counts.get('b')).toEqual({ agents: 0, chats: 3 });
    expect(counts.has('stranger')).toBe(false);
  });
});
