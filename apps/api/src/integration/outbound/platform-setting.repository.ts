import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { PlatformSettingEntity } from './platform-setting.entity.js';

/** Admin-owned run-time settings, one JSON value per key. */
@Injectable()
export class PlatformSettingRepository {
  constructor(
    @InjectRepository(PlatformSettingEntity) private readonly rows: Repository<PlatformSettingEntity>,
  ) {}

  findByKey(key: string): Promise<PlatformSettingEntity | null> {
    return this.rows.findOneBy({ key });
  }

  async saveValue(key: string, value: unknown, userId: string, manager: EntityManager): Promise<void> {
    await manager
      .getRepository(PlatformSettingEntity)
      .upsert({ key, value: value as never, updatedBy: userId, updatedAt: new Date() }, ['key']);
  }
}
