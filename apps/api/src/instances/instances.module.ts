import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RuntimeInstanceEntity } from './runtime-instance.entity.js';
import { RuntimeInstanceRepository } from './runtime-instance.repository.js';
import { RuntimeInstanceService } from './runtime-instance.service.js';
import { RuntimeInstancesController } from './runtime-instances.controller.js';

/** Runtime instances (`agenthub serve` heartbeats); read later by the admin console's system page. */
@Module({
  imports: [TypeOrmModule.forFeature([RuntimeInstanceEntity])],
  controllers: [RuntimeInstancesController],
  providers: [
    RuntimeInstanceRepository,
    {
      provide: RuntimeInstanceService,
      useFactory: (repo: RuntimeInstanceRepository) => new RuntimeInstanceService(repo),
      inject: [RuntimeInstanceRepository],
    },
  ],
})
export class InstancesModule {}
