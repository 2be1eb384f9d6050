import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { requestIdOf } from './request-id.util.js';

/** Who asked, from where: recorded with audited actions and used by rate limits. */
export interface RequestMeta {
  ip: string;
  requestId: string | undefined;
}

export const ReqMeta = createParamDecorator((_data: unknown, ctx: ExecutionContext): RequestMeta => {
  const req = ctx.switchToHttp().getRequest<{ ip?: string; socket?: { remoteAddress?: string } }>();
  return { ip: req.ip ?? req.socket?.remoteAddress ?? 'unknown', requestId: requestIdOf(req) };
});
