import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Chats started and messages written for one agent, per UTC day (`day` null = whole range). */
export interface ChatDayFigures {
  day: string | null;
  chats: number;
  messages: number;
}

/** SQL aggregates over `chats` / `chat_messages` for the agent analytics (never rows). */
@Injectable()
export class ChatStatsQuery {
  constructor(private readonly dataSource: DataSource) {}

  async agentDaily(agentId: string, from: Date, to: Date): Promise<ChatDayFigures[]> {
    // Each side is counted per UTC date first (no per-row day strings, no union of 50,000 rows),
    // then the ≤ 2 × days counts are joined and formatted; the totals row sums them.
    const rows: Array<{ day: string | null; chats: number; messages: number }> = await this.dataSource.query(
      `WITH c AS (SELECT (created_at AT TIME ZONE 'UTC')::date AS d, count(*) AS n
                    FROM chats WHERE agent_id = $1 AND created_at >= $2 AND created_at < $3 GROUP BY 1),
            m AS (SELECT (m.created_at AT TIME ZONE 'UTC')::date AS d, count(*) AS n
                    FROM chat_messages m JOIN chats c ON c.id = m.chat_id
                   WHERE c.agent_id = $1 AND m.created_at >= $2 AND m.created_at < $3 GROUP BY 1)
       SELECT to_char(coalesce(c.d, m.d), 'YYYY-MM-DD') AS day,
              coalesce(sum(c.n), 0)::int AS chats, coalesce(sum(m.n), 0)::int AS messages
         FROM c FULL JOIN m ON m.d = c.d
        GROUP BY GROUPING SETS ((coalesce(c.d, m.d)), ())`,
      [agentId, from, to],
    );
    return rows.map((r) => ({ day: r.day, chats: Number(r.chats ?? 0), messages: Number(r.messages ?? 0) }));
  }
}
