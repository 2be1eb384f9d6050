import { migrations } from '@agenthub/migrations';
import type { DataSourceOptions } from 'typeorm';

export interface DatabaseSettings {
  databaseUrl: string;
  databasePoolMax: number;
}

/** Options shared by the Nest module and the migration CLI. The schema changes only by migration. */
export function buildDataSourceOptions(settings: DatabaseSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: settings.databaseUrl,
    synchronize: false,
    migrationsRun: false,
    migrations,
    migrationsTableName: 'typeorm_migrations',
    applicationName: 'agenthub',
    extra: {
      max: settings.databasePoolMax,
      // Fail fast when the server is unreachable instead of queueing requests for minutes.
      connectionTimeoutMillis: 5000,
    },
  };
}
