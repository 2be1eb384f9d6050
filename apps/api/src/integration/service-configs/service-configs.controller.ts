import { Controller, Delete, Get, HttpCode, Patch, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  type CreateServiceConfigRequest,
  createServiceConfigRequestSchema,
  type Page,
  type ServiceConfig,
  serviceConfigPageSchema,
  type ServiceConfigQuery,
  serviceConfigQuerySchema,
  serviceConfigSchema,
  type UpdateServiceConfigRequest,
  updateServiceConfigRequestSchema,
} from '@agenthub/contracts';
import { z } from 'zod';
import { type AuthUser, CurrentUser, Roles } from '../../common/auth.decorators.js';
import { type RequestMeta, ReqMeta } from '../../common/request-meta.decorator.js';
import { ApiErrors, ZodBody, ZodParam, ZodQuery, ZodResponse } from '../../common/zod.decorators.js';
import { ServiceConfigService } from './service-config.service.js';

@ApiTags('integration')
@ApiErrors(401)
@Controller('service-configs')
export class ServiceConfigsController {
  constructor(private readonly configs: ServiceConfigService) {}

  @Get()
  @ApiOperation({
    summary: 'Service configs you can use: platform ones and your own (admins: all). Secrets masked.',
  })
  @ZodResponse(200, serviceConfigPageSchema)
  @ApiErrors(400)
  list(
    @CurrentUser() user: AuthUser,
    @ZodQuery(serviceConfigQuerySchema) query: ServiceConfigQuery,
  ): Promise<Page<ServiceConfig>> {
    return this.configs.list(user, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One service config (secrets masked)' })
  @ZodResponse(200, serviceConfigSchema)
  @ApiErrors(400, 404)
  get(@CurrentUser() user: AuthUser, @ZodParam('id', z.uuid()) id: string): Promise<ServiceConfig> {
    return this.configs.get(user, id);
  }

  @Post()
  @Roles('developer', 'admin')
  @ApiOperation({
    summary:
      'Create a service config: personal (developers) or platform (admins); configData checked against the provider schema',
  })
  @ZodResponse(201, serviceConfigSchema)
  @ApiErrors(400, 403)
  create(
    @CurrentUser() user: AuthUser,
    @ZodBody(createServiceConfigRequestSchema) body: CreateServiceConfigRequest,
    @ReqMeta() meta: RequestMeta,
  ): Promise<ServiceConfig> {
    return this.configs.create(user, body, meta);
  }

  @Patch(':id')
  @Roles('developer', 'admin')
  @ApiOperation({
    summary: 'Update a service config; a masked secret sent back unchanged keeps the stored one',
  })
  @ZodResponse(200, serviceConfigSchema)
  @ApiErrors(400, 403, 404)
  update(
    @CurrentUser() user: AuthUser,
    @ZodParam('id', z.uuid()) id: string,
    @ZodBody(updateServiceConfigRequestSchema) body: UpdateServiceConfigRequest,
    @ReqMeta() meta: RequestMeta,
  ): Promise<ServiceConfig> {
    return this.configs.update(user, id, body, meta);
  }

  @Delete(':id')
  @Roles('developer', 'admin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a service config (not the current default: 409)' })
  @ZodResponse(204, null, 'Deleted')
  @ApiErrors(400, 403, 404, 409)
  remove(
    @CurrentUser() user: AuthUser,
    @ZodParam('id', z.uuid()) id: string,
    @ReqMeta() meta: RequestMeta,
  ): Promise<void> {
    return this.configs.remove(user, id, meta);
  }

  @Post(':id/validate')
  @Roles('developer', 'admin')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Test the connection for real and record validationStatus / validationError / validatedAt',
  })
  @ZodResponse(200, serviceConfigSchema)
  @ApiErrors(400, 403, 404)
  validate(@CurrentUser() user: AuthUser, @ZodParam('id', z.uuid()) id: string): Promise<ServiceConfig> {
    return this.configs.validate(user, id);
  }

  @Put(':id/default')
  @Roles('admin')
  @ApiOperation({ summary: 'Make this platform config the default of its service type (admin)' })
  @ZodResponse(200, serviceConfigSchema)
  @ApiErrors(400, 403, 404, 422)
  makeDefault(
    @CurrentUser() user: AuthUser,
    @ZodParam('id', z.uuid()) id: string,
    @ReqMeta() meta: RequestMeta,
  ): Promise<ServiceConfig> {
    return this.configs.makeDefault(user, id, meta);
  }
}
