import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ErrorCodes, type Role } from '@agenthub/contracts';
import { type AuthUser, IS_PUBLIC_KEY, ROLES_KEY } from '../common/auth.decorators.js';
import { DomainError } from '../common/domain-error.js';
import { Authenticator } from './authenticator.service.js';

type AuthRequest = { headers: Record<string, string | string[] | undefined>; user?: AuthUser };

/**
 * Global guard: every route needs a valid bearer credential unless marked `@Public()`, and
 * `@Roles(...)` then requires one of the roles (403). On public routes a valid credential
 * is still attached, so they can personalise their answer.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const req = ctx.switchToHttp().getRequest<AuthRequest>();
    const targets = [ctx.getHandler(), ctx.getClass()];
    const authorization =
      typeof req.headers.authorization === 'string' ? req.headers.authorization : undefined;

    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, targets)) {
      if (authorization)
        req.user = await this.authenticator.authenticate(authorization).catch(() => undefined);
      return true;
    }

    const user = await this.authenticator.authenticate(authorization);
    req.user = user;
    const required = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (required?.length && !required.some((role) => user.roles.includes(role))) {
      throw DomainError.forbidden(ErrorCodes.forbidden, `This needs the ${required.join(' or ')} role`);
    }
    return true;
  }
}
