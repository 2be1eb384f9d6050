import type { TestApp } from '../helpers/test-app';

export interface SeedRun {
  userId: string;
  status: 'queued' | 'running' | 'paused' | 'completed' | 'failed' | 'cancelled';
  createdAt: string;
  /** Run duration; no start/end recorded when undefined. */
  durationMs?: number;
  promptTokens?: number;
  completionTokens?: number;
  costUsd?: number;
  kind?: 'chat' | 'test';
}

/** Inserts runs in the shape the runtime writes them (only the columns analytics reads matter). */
export async function seedRuns(t: TestApp, agentId: string, runs: readonly SeedRun[]): Promise<void> {
  for (const r of runs) {
    const started = r.durationMs === undefined ? null : r.createdAt;
    await t.db.query(
      `INSERT INTO workflow_executions (kind, status, agent_id, user_id, definition, step_limit, prompt_tokens,
                                        completion_tokens, cost_usd, created_at, started_at, completed_at, error_info)
       VALUES ($1, $2, $3, $4, '{}', 50, $5, $6, $7, $8, $9::timestamptz,
               $9::timestamptz + make_interval(secs => $10::float8 / 1000), $11)`,
      [
        r.kind ?? 'chat',
        r.status,
        agentId,
        r.userId,
        r.promptTokens ?? 0,
        r.completionTokens ?? 0,
        r.costUsd ?? 0,
        r.createdAt,
        started,
        r.durationMs ?? null,
        r.status === 'failed' ? { code: 'node_failed', message: 'boom' } : null,
      ],
    );
  }
}

/** A chat of `userId` with `agentId`, created at `createdAt`, with messages at the given times. */
export async function seedChat(
  t: TestApp,
  agentId: string,
  userId: string,
  createdAt: string,
  messageTimes: readonly string[],
): Promise<string> {
  const [chat] = await t.db.query<{ id: string }>(
    `INSERT INTO chats (user_id, agent_id, agent_version_id, agent_version, title, created_at)
     SELECT $1, a.id, a.current_version_id, a.latest_version, 'Seeded', $3 FROM agents a WHERE a.id = $2
     RETURNING id`,
    [userId, agentId, createdAt],
  );
  for (const [i, at] of messageTimes.entries()) {
    await t.db.query(
      `INSERT INTO chat_messages (chat_id, role, content, status, created_at) VALUES ($1, $2, 'hi', 'completed', $3)`,
      [chat!.id, i % 2 === 0 ? 'user' : 'assistant', at],
    );
  }
  return chat!.id;
}
