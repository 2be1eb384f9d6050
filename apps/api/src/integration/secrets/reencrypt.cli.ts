/**
 * `node dist/integration/secrets/reencrypt.cli.js` — master key rotation.
 *
 * 1. Set MASTER_KEY_NEXT=<new key> beside the current MASTER_KEY and run this: every secret is
 *    re-encrypted under the new key. A running API already reads both (it decrypts with
 *    MASTER_KEY_NEXT too), so nothing breaks meanwhile.
 * 2. Restart with MASTER_KEY=<new key> and MASTER_KEY_PREVIOUS=<old key> (embedded mode: put the
 *    new key in DATA_DIR/master.key), then drop MASTER_KEY_PREVIOUS once this reports 0 rows.
 * Without MASTER_KEY_NEXT it moves everything still under a MASTER_KEY_PREVIOUS key to MASTER_KEY.
 * Note: without JWT_SECRET the JWT key derives from MASTER_KEY, so step 2 signs everyone out.
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { resolveRuntime } from '../../config/runtime.js';
import { buildDataSourceOptions } from '../../database/data-source-options.js';
import { buildRotationKeyring } from './keyring.factory.js';
import { reencryptAllSecrets } from './secret-reencryptor.js';

async function main(): Promise<void> {
  const runtime = await resolveRuntime(process.env, { allowEmbedded: true });
  const keyring = buildRotationKeyring(runtime.config.masterKey, process.env);
  const dataSource = await new DataSource(
    buildDataSourceOptions({ databaseUrl: runtime.config.databaseUrl, databasePoolMax: 2 }),
  ).initialize();
  try {
    const report = await reencryptAllSecrets(dataSource, keyring);
    const rows = Object.entries(report.rows)
      .map(([table, n]) => `${table}: ${n} row${n === 1 ? '' : 's'}`)
      .join(', ');
    console.log(`Re-encrypted ${report.secrets} secret(s) under key ${report.keyId} (${rows})`);
  } finally {
    await dataSource.destroy();
    await runtime.embedded?.stop();
  }
}

main().catch((err: unknown) => {
  // The message only: errors here never contain key material, but stacks can be long and noisy.
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
