import type { DataSource } from 'typeorm';
import type { SecretKeyring } from './secret-box.js';
import { reencryptSecrets } from './secret-fields.js';

/** Tables and JSON columns that hold `{"$enc": …}` secrets. */
const SECRET_COLUMNS = [
  { table: 'service_configs', column: 'config_data' },
  { table: 'mcp_servers', column: 'headers' },
] as const;

export interface ReencryptReport {
  /** Rows rewritten per table. */
  rows: Record<string, number>;
  secrets: number;
  keyId: string;
}

/**
 * Moves every stored secret under the keyring's current key, in one transaction with the rows
 * locked (edits made meanwhile wait, none is lost). Idempotent: secrets already under the current
 * key are left alone, so an interrupted run is simply run again.
 */
export async function reencryptAllSecrets(
  dataSource: DataSource,
  keyring: SecretKeyring,
): Promise<ReencryptReport> {
  return dataSource.transaction(async (manager) => {
    const report: ReencryptReport = { rows: {}, secrets: 0, keyId: keyring.currentKeyId };
    for (const { table, column } of SECRET_COLUMNS) {
      const rows: Array<{ id: string; data: unknown }> = await manager.query(
        `SELECT id, ${column} AS data FROM ${table} ORDER BY id FOR UPDATE`,
      );
      let changedRows = 0;
      for (const row of rows) {
        const { value, changed } = reencryptSecrets(row.data, keyring);
        if (!changed) continue;
        await manager.query(`UPDATE ${table} SET ${column} = $2::jsonb WHERE id = $1`, [
          row.id,
          JSON.stringify(value),
        ]);
        changedRows += 1;
        report.secrets += changed;
      }
      report.rows[table] = changedRows;
    }
    return report;
  });
}
