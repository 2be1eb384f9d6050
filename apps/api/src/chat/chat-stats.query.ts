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
    const rows: Array<{ day: string | null; chats: number; messages: number }> = await this.dataSource.query(
      `SELECT day, sum(chats)::int AS chats, sum(messages)::int AS messages
         FROM (SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, 1 AS chats, 0 AS messages
                 FROM chats WHERE agent_id = $1 AND created_at >= $2 AND created_at < $3
               UNION ALL
               SELECT to_char(m.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD'), 0, 1
                 FROM chat_messages m JOIN chats c ON c.id = m.chat_id
                WHERE c.agent_id = $1 AND m.created_at >= $2 AND m.created_at < $3) x
        GROUP BY GROUPING SETS ((day), ())`,
      [agentId, from, to],
    );
    return rows.map((r) => ({ day: r.day, chats: Number(r.chats ?? 0), messages: Number(r.messages ?? 0) }));
  }
}
