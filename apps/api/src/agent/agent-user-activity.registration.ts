import { Injectable, type OnModuleInit } from '@nestjs/common';
import { UserActivityRegistry } from '../identity/user-activity.registry.js';
import { AgentRepository } from './agent.repository.js';

/** Tells the admin user list how many agents each user owns, without identity importing this module. */
@Injectable()
export class AgentUserActivityRegistration implements OnModuleInit {
  constructor(
    private readonly registry: UserActivityRegistry,
    private readonly agents: AgentRepository,
  ) {}

  onModuleInit(): void {
    this.registry.register('agents', (userIds) => this.agents.countActiveByOwners(userIds));
  }
}
