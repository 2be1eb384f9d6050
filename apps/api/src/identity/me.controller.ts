import { Controller, Delete, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  apiKeyListSchema,
  type ApiKeyList,
  type CreateApiKeyRequest,
  createApiKeyRequestSchema,
  type CreatedApiKey,
  createdApiKeySchema,
  type UpdateMeRequest,
  updateMeRequestSchema,
  type User,
  userSchema,
} from '@agenthub/contracts';
import { z } from 'zod';
import { type AuthUser, CurrentUser } from '../common/auth.decorators.js';
import { type RequestMeta, ReqMeta } from '../common/request-meta.decorator.js';
import { ApiErrors, ZodBody, ZodParam, ZodResponse } from '../common/zod.decorators.js';
import { ApiKeyService } from './api-key.service.js';
import { MeService } from './me.service.js';

@ApiTags('me')
@ApiErrors(401)
@Controller('me')
export class MeController {
  constructor(
    private readonly me: MeService,
    private readonly apiKeys: ApiKeyService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The signed-in user' })
  @ZodResponse(200, userSchema)
  get(@CurrentUser() user: AuthUser): Promise<User> {
    return this.me.get(user);
  }

  @Patch()
  @ApiOperation({ summary: 'Change display name and/or password (needs currentPassword)' })
  @ZodResponse(200, userSchema)
  @ApiErrors(400)
  update(
    @CurrentUser() user: AuthUser,
    @ZodBody(updateMeRequestSchema) body: UpdateMeRequest,
  ): Promise<User> {
    return this.me.update(user, body);
  }

  @Get('api-keys')
  @ApiOperation({ summary: 'Your API keys (never the keys themselves)' })
  @ZodResponse(200, apiKeyListSchema)
  listApiKeys(@CurrentUser() user: AuthUser): Promise<ApiKeyList> {
    return this.apiKeys.list(user);
  }

  @Post('api-keys')
  @ApiOperation({ summary: 'Create an API key; the response is the only time the key is shown' })
  @ZodResponse(201, createdApiKeySchema)
  @ApiErrors(400, 422)
  createApiKey(
    @CurrentUser() user: AuthUser,
    @ZodBody(createApiKeyRequestSchema) body: CreateApiKeyRequest,
    @ReqMeta() meta: RequestMeta,
  ): Promise<CreatedApiKey> {
    return this.apiKeys.create(user, body.name, meta);
  }

  @Delete('api-keys/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an API key (it stops working immediately)' })
  @ZodResponse(204, null, 'Revoked')
  @ApiErrors(400, 404)
  revokeApiKey(
    @CurrentUser() user: AuthUser,
    @ZodParam('id', z.uuid()) id: string,
    @ReqMeta() meta: RequestMeta,
  ): Promise<void> {
    return this.apiKeys.revoke(user, id, meta);
  }
}
