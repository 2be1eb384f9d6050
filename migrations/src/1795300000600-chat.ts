import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Chats and their message tree. A chat locks one agent version; messages branch through
 * `parent_id` (a regenerated reply is a sibling). Runs of chat turns point back with FKs
 * (SET NULL: runs outlive hard-deleted chats, which only an admin purge would do).
 */
export class Chat1795300000600 implements MigrationInterface {
  name = 'Chat1795300000600';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE chats (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        agent_id uuid NOT NULL REFERENCES agents(id),
        agent_version_id uuid NOT NULL REFERENCES agent_versions(id),
        agent_version text NOT NULL,
        title text NOT NULL,
        archived_at timestamptz NULL,
        deleted_at timestamptz NULL,
        last_activity_at timestamptz NOT NULL DEFAULT now(),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // "My chats, newest activity first" is the list query.
    await q.query(
      `CREATE INDEX chats_user_activity_idx ON chats (user_id, last_activity_at DESC) WHERE deleted_at IS NULL`,
    );
    await q.query(`
      CREATE TABLE chat_messages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        chat_id uuid NOT NULL REFERENCES chats(id) ON DELETE CASCADE,
        parent_id uuid NULL REFERENCES chat_messages(id) ON DELETE CASCADE,
        role text NOT NULL CHECK (role IN ('user', 'assistant')),
        content text NOT NULL,
        status text NOT NULL CHECK (status IN ('completed', 'streaming', 'paused', 'failed', 'cancelled')),
        run_id uuid NULL,
        metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX chat_messages_chat_idx ON chat_messages (chat_id, created_at)`);
    await q.query(`CREATE INDEX chat_messages_parent_idx ON chat_messages (parent_id)`);
    // At most one streaming reply per chat: the database backs the 409 run_in_progress check.
    await q.query(
      `CREATE UNIQUE INDEX chat_messages_one_streaming_idx ON chat_messages (chat_id) WHERE status = 'streaming'`,
    );
    await q.query(`
      ALTER TABLE workflow_executions
        ADD CONSTRAINT workflow_executions_chat_fk FOREIGN KEY (chat_id) REFERENCES chats(id) ON DELETE SET NULL,
        ADD CONSTRAINT workflow_executions_message_fk FOREIGN KEY (message_id) REFERENCES chat_messages(id) ON DELETE SET NULL`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE workflow_executions DROP CONSTRAINT workflow_executions_message_fk`);
    await q.query(`ALTER TABLE workflow_executions DROP CONSTRAINT workflow_executions_chat_fk`);
    await q.query(`DROP TABLE chat_messages`);
    await q.query(`DROP TABLE chats`);
  }
}
