import {
  type DynamicModule,
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationShutdown,
  Optional,
} from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { buildDataSourceOptions } from './data-source-options.js';
import type { EmbeddedPostgresHandle } from './embedded-postgres.js';
import { runMigrationsLocked } from './migration-runner.js';

export const EMBEDDED_POSTGRES = Symbol('EMBEDDED_POSTGRES');

/**
 * Closes the pool, then stops the embedded server if this process started one: the server
 * must outlive every connection to it, so both happen here in that order.
 */
@Injectable()
class DatabaseLifecycle implements OnApplicationShutdown {
  private readonly logger = new Logger('Database');

  constructor(
    private readonly dataSource: DataSource,
    @Optional() @Inject(EMBEDDED_POSTGRES) private readonly embedded?: EmbeddedPostgresHandle,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    if (this.embedded) {
      this.logger.log('Stopping embedded PostgreSQL');
      await this.embedded.stop();
    }
  }
}

export interface DatabaseModuleOptions {
  embedded?: EmbeddedPostgresHandle;
}

@Global()
@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseModuleOptions = {}): DynamicModule {
    const logger = new Logger('Database');
    let migrateOnBoot = true;
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => {
            migrateOnBoot = config.databaseMigrateOnBoot;
            return {
              ...buildDataSourceOptions(config),
              autoLoadEntities: true,
              retryAttempts: 3,
              retryDelay: 2000,
            };
          },
          dataSourceFactory: async (dsOptions?: DataSourceOptions) => {
            const dataSource = await new DataSource(dsOptions!).initialize();
            if (!migrateOnBoot) return dataSource;
            try {
              const applied = await runMigrationsLocked(dataSource);
              if (applied.length > 0) logger.log(`Applied migrations: ${applied.join(', ')}`);
            } catch (err) {
              await dataSource.destroy();
              throw err;
            }
            return dataSource;
          },
        }),
      ],
      providers: [
        ...(options.embedded ? [{ provide: EMBEDDED_POSTGRES, useValue: options.embedded }] : []),
        { provide: DatabaseLifecycle, useClass: DatabaseLifecycle },
      ],
    };
  }
}
