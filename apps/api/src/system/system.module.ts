import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config.js';
import { RuntimeModule } from '../runtime/runtime.module.js';
import { AdminSystemController } from './admin-system.controller.js';
import { AdminSystemService } from './admin-system.service.js';
import { parseHeartbeatSettings } from './heartbeat.settings.js';
import { PlatformProcessEntity } from './platform-process.entity.js';
import { PlatformProcessRepository } from './platform-process.repository.js';
import {
  HEARTBEAT_SETTINGS,
  PROCESS_ROLE,
  ProcessHeartbeatService,
  type ProcessRole,
} from './process-heartbeat.service.js';

/**
 * Platform process heartbeats (every API and worker process) and, in the API, the admin system
 * page (`GET /api/admin/system`). The worker imports it with `api: false`: it only beats.
 */
@Module({})
export class SystemModule {
  static forRoot(options: { role: ProcessRole }): DynamicModule {
    const api = options.role === 'api';
    return {
      module: SystemModule,
      imports: [TypeOrmModule.forFeature([PlatformProcessEntity]), ...(api ? [RuntimeModule] : [])],
      controllers: api ? [AdminSystemController] : [],
      providers: [
        { provide: PROCESS_ROLE, useValue: options.role },
        {
          provide: HEARTBEAT_SETTINGS,
          inject: [AppConfig],
          useFactory: (config: AppConfig) => parseHeartbeatSettings(config.env),
        },
        PlatformProcessRepository,
        ProcessHeartbeatService,
        ...(api ? [AdminSystemService] : []),
      ],
    };
  }
}
