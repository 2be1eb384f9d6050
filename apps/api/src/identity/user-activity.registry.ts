import { Injectable } from '@nestjs/common';

/** What the admin user list counts per user. */
export type UserActivityKind = 'agents' | 'chats';

/** Counts for the given users; a user missing from the result has none. */
export type UserActivityLookup = (userIds: string[]) => Promise<Map<string, number>>;

export type UserActivityCounts = Record<UserActivityKind, number>;

/**
 * Lets the modules that own users' things (agents own agents, chat owns chats) report how many
 * each user has, without identity importing them: no module cycle. They register a lookup at
 * init; the admin user list asks every registered lookup for one page of users at once.
 */
@Injectable()
export class UserActivityRegistry {
  private readonly lookups: Array<{ kind: UserActivityKind; fn: UserActivityLookup }> = [];

  register(kind: UserActivityKind, fn: UserActivityLookup): void {
    this.lookups.push({ kind, fn });
  }

  async counts(userIds: string[]): Promise<Map<string, UserActivityCounts>> {
    const result = new Map<string, UserActivityCounts>(userIds.map((id) => [id, { agents: 0, chats: 0 }]));
    if (userIds.length === 0) return result;
    const answers = await Promise.all(
      this.lookups.map(async (l) => ({ kind: l.kind, map: await l.fn(userIds) })),
    );
    for (const { kind, map } of answers) {
      for (const [id, n] of map) {
        const entry = result.get(id);
        if (entry) entry[kind] += n;
      }
    }
    return result;
  }
}
