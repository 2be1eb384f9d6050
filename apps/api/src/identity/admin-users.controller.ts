import { Controller, Get, Patch } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  type AdminUpdateUserRequest,
  adminUpdateUserRequestSchema,
  type AdminUser,
  type AdminUserQuery,
  adminUserPageSchema,
  adminUserQuerySchema,
  type Page,
  type User,
  userSchema,
} from '@agenthub/contracts';
import { z } from 'zod';
import { type AuthUser, CurrentUser, Roles } from '../common/auth.decorators.js';
import { type RequestMeta, ReqMeta } from '../common/request-meta.decorator.js';
import { ApiErrors, ZodBody, ZodParam, ZodQuery, ZodResponse } from '../common/zod.decorators.js';
import { AdminUsersService } from './admin-users.service.js';

@ApiTags('admin')
@Roles('admin')
@ApiErrors(401, 403)
@Controller('admin/users')
export class AdminUsersController {
  constructor(private readonly admin: AdminUsersService) {}

  @Get()
  @ApiOperation({
    summary: 'Search users by email or display name, filter by role and status; with agent and chat counts',
  })
  @ZodResponse(200, adminUserPageSchema)
  @ApiErrors(400)
  search(@ZodQuery(adminUserQuerySchema) query: AdminUserQuery): Promise<Page<AdminUser>> {
    return this.admin.search(query);
  }

  @Patch(':id')
  @ApiOperation({ summary: "Change a user's roles or disable/enable them (takes effect immediately)" })
  @ZodResponse(200, userSchema)
  @ApiErrors(400, 404, 422)
  update(
    @CurrentUser() actor: AuthUser,
    @ZodParam('id', z.uuid()) id: string,
    @ZodBody(adminUpdateUserRequestSchema) body: AdminUpdateUserRequest,
    @ReqMeta() meta: RequestMeta,
  ): Promise<User> {
    return this.admin.update(actor, id, body, meta);
  }
}
