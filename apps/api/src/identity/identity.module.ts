import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminAuditController } from './admin-audit.controller.js';
import { AdminBootstrapService } from './admin-bootstrap.service.js';
import { AdminUsersController } from './admin-users.controller.js';
import { AdminUsersService } from './admin-users.service.js';
import { ApiKeyEntity } from './api-key.entity.js';
import { ApiKeyRepository } from './api-key.repository.js';
import { ApiKeyService } from './api-key.service.js';
import { AuditLogEntity } from './audit-log.entity.js';
import { AuditService } from './audit.service.js';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { Authenticator } from './authenticator.service.js';
import { LoginRateLimiter } from './login-rate-limiter.service.js';
import { MeController } from './me.controller.js';
import { MeService } from './me.service.js';
import { RefreshTokenEntity } from './refresh-token.entity.js';
import { RefreshTokenRepository } from './refresh-token.repository.js';
import { TokenService } from './token.service.js';
import { UserActivityRegistry } from './user-activity.registry.js';
import { UserEntity } from './user.entity.js';
import { UserRepository } from './user.repository.js';

/**
 * Users, sessions, API keys, roles, audit log. Registers the global AuthGuard: every route of
 * every module is authenticated unless marked `@Public()`. Other modules import AuditService
 * and UserRepository from here; agents and chats report per-user counts to
 * UserActivityRegistry for the admin user list.
 */
@Module({
  imports: [TypeOrmModule.forFeature([UserEntity, RefreshTokenEntity, ApiKeyEntity, AuditLogEntity])],
  controllers: [AuthController, MeController, AdminUsersController, AdminAuditController],
  providers: [
    UserRepository,
    RefreshTokenRepository,
    ApiKeyRepository,
    AuditService,
    TokenService,
    LoginRateLimiter,
    AuthService,
    ApiKeyService,
    Authenticator,
    MeService,
    AdminUsersService,
    AdminBootstrapService,
    UserActivityRegistry,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AuditService, UserRepository, Authenticator, UserActivityRegistry],
})
export class IdentityModule {}
