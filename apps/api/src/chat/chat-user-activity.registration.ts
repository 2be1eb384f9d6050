import { Injectable, type OnModuleInit } from '@nestjs/common';
import { UserActivityRegistry } from '../identity/user-activity.registry.js';
import { ChatRepository } from './chat.repository.js';

/** Tells the admin user list how many chats each user has, without identity importing this module. */
@Injectable()
export class ChatUserActivityRegistration implements OnModuleInit {
  constructor(
    private readonly registry: UserActivityRegistry,
    private readonly chats: ChatRepository,
  ) {}

  onModuleInit(): void {
    this.registry.register('chats', (userIds) => this.chats.countLiveByUsers(userIds));
  }
}
