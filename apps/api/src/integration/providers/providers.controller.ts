import { Controller, Delete, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  type CreateProviderRequest,
  createProviderRequestSchema,
  type Provider,
  type ProviderList,
  providerListSchema,
  type ProviderQuery,
  providerQuerySchema,
  providerSchema,
  type UpdateProviderRequest,
  updateProviderRequestSchema,
} from '@agenthub/contracts';
import { z } from 'zod';
import { type AuthUser, CurrentUser, Roles } from '../../common/auth.decorators.js';
import { type RequestMeta, ReqMeta } from '../../common/request-meta.decorator.js';
import { ApiErrors, ZodBody, ZodParam, ZodQuery, ZodResponse } from '../../common/zod.decorators.js';
import { ProviderService } from './provider.service.js';

@ApiTags('integration')
@ApiErrors(401)
@Controller('providers')
export class ProvidersController {
  constructor(private readonly providers: ProviderService) {}

  @Get()
  @ApiOperation({ summary: 'Providers (kinds of external service and the JSON Schema of their settings)' })
  @ZodResponse(200, providerListSchema)
  @ApiErrors(400)
  list(@ZodQuery(providerQuerySchema) query: ProviderQuery): Promise<ProviderList> {
    return this.providers.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One provider' })
  @ZodResponse(200, providerSchema)
  @ApiErrors(400, 404)
  get(@ZodParam('id', z.uuid()) id: string): Promise<Provider> {
    return this.providers.get(id);
  }

  @Post()
  @Roles('admin')
  @ApiOperation({
    summary: 'Add a provider (admin); secret settings are marked "x-secret": true in configSchema',
  })
  @ZodResponse(201, providerSchema)
  @ApiErrors(400, 403, 409)
  create(
    @CurrentUser() user: AuthUser,
    @ZodBody(createProviderRequestSchema) body: CreateProviderRequest,
    @ReqMeta() meta: RequestMeta,
  ): Promise<Provider> {
    return this.providers.create(user, body, meta);
  }

  @Put(':id')
  @Roles('admin')
  @ApiOperation({
    summary: 'Replace a provider (admin); kind and service type are fixed while configs use it',
  })
  @ZodResponse(200, providerSchema)
  @ApiErrors(400, 403, 404, 409)
  update(
    @CurrentUser() user: AuthUser,
    @ZodParam('id', z.uuid()) id: string,
    @ZodBody(updateProviderRequestSchema) body: UpdateProviderRequest,
    @ReqMeta() meta: RequestMeta,
  ): Promise<Provider> {
    return this.providers.update(user, id, body, meta);
  }

  @Delete(':id')
  @Roles('admin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a provider (admin); 409 provider_in_use while service configs use it' })
  @ZodResponse(204, null, 'Deleted')
  @ApiErrors(400, 403, 404, 409)
  remove(
    @CurrentUser() user: AuthUser,
    @ZodParam('id', z.uuid()) id: string,
    @ReqMeta() meta: RequestMeta,
  ): Promise<void> {
    return this.providers.remove(user, id, meta);
  }
}
