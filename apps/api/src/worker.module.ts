import { type DynamicModule, Module } from '@nestjs/common';
import { type AppModuleOptions, coreImports } from './app.module.js';

/** The worker process: same configuration, database and Redis as the API, no HTTP. */
@Module({})
export class WorkerModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    return { module: WorkerModule, imports: coreImports(options, { required: true }) };
  }
}
