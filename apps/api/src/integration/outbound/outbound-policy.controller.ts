import { Controller, Get, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  type OutboundPolicy,
  outboundPolicySchema,
  type UpdateOutboundPolicyRequest,
  updateOutboundPolicyRequestSchema,
} from '@agenthub/contracts';
import { type AuthUser, CurrentUser, Roles } from '../../common/auth.decorators.js';
import { type RequestMeta, ReqMeta } from '../../common/request-meta.decorator.js';
import { ApiErrors, ZodBody, ZodResponse } from '../../common/zod.decorators.js';
import { OutboundPolicyService } from './outbound-policy.service.js';

@ApiTags('admin')
@Roles('admin')
@ApiErrors(401, 403)
@Controller('admin/outbound-policy')
export class OutboundPolicyController {
  constructor(private readonly policy: OutboundPolicyService) {}

  @Get()
  @ApiOperation({ summary: 'Outbound network rule: private networks allowed?, env and admin allow-lists' })
  @ZodResponse(200, outboundPolicySchema)
  get(): Promise<OutboundPolicy> {
    return this.policy.get();
  }

  @Put()
  @ApiOperation({
    summary: 'Replace the admin allow-list of private hosts, wildcards, addresses and CIDR ranges (audited)',
  })
  @ZodResponse(200, outboundPolicySchema)
  @ApiErrors(400)
  update(
    @CurrentUser() user: AuthUser,
    @ZodBody(updateOutboundPolicyRequestSchema) body: UpdateOutboundPolicyRequest,
    @ReqMeta() meta: RequestMeta,
  ): Promise<OutboundPolicy> {
    return this.policy.update(body.allowHosts, user, meta);
  }
}
