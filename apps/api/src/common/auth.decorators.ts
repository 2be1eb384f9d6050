import { applyDecorators, createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Role } from '@agenthub/contracts';
import { ApiPublic } from './zod.decorators.js';

export const IS_PUBLIC_KEY = 'agenthub:isPublic';
export const ROLES_KEY = 'agenthub:roles';

/** The authenticated caller, attached to the request by the identity module's auth guard. */
export interface AuthUser {
  id: string;
  email: string;
  displayName: string;
  roles: Role[];
  /** How the caller authenticated: an access token or an API key (with its id). */
  via: { kind: 'access_token'; sessionId?: string } | { kind: 'api_key'; apiKeyId: string };
}

/** Routes are authenticated by default; this opts a route (or controller) out. */
export const Public = (): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(IS_PUBLIC_KEY, true), ApiPublic());

/** Requires at least one of the roles (checked after authentication, 403 otherwise). */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES_KEY, roles);

/** Injects the authenticated caller. */
export const CurrentUser = createParamDecorator((_data: unknown, ctx: ExecutionContext): AuthUser => {
  const user = ctx.switchToHttp().getRequest<{ user?: AuthUser }>().user;
  if (!user) throw new Error('CurrentUser used on a route without authentication');
  return user;
});
