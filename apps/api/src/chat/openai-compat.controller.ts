import { Controller, Get, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import {
  openAiChatCompletionSchema,
  type OpenAiChatRequest,
  openAiChatRequestSchema,
  type OpenAiModelList,
  openAiModelListSchema,
} from '@agenthub/contracts';
import type { Request, Response } from 'express';
import { type AuthUser, CurrentUser } from '../common/auth.decorators.js';
import { ApiErrors, ZodBody, ZodResponse } from '../common/zod.decorators.js';
import { OpenAiCompatService } from './openai-compat.service.js';
import { OpenAiErrorFilter } from './openai-error.filter.js';

/** OpenAI-compatible endpoints (unprefixed `/v1`), for the official clients; `Authorization: Bearer <API key>`. */
@ApiTags('openai-compatible')
@ApiErrors(400, 401, 404)
@UseFilters(OpenAiErrorFilter)
@Controller('v1')
export class OpenAiCompatController {
  constructor(private readonly openai: OpenAiCompatService) {}

  @Get('models')
  @ApiOperation({ summary: 'The published agents in my library, as models (id = agent slug)' })
  @ZodResponse(200, openAiModelListSchema)
  models(@CurrentUser() user: AuthUser): Promise<OpenAiModelList> {
    return this.openai.listModels(user);
  }

  @Post('chat/completions')
  @ApiOperation({
    summary:
      'Chat with an agent (model = slug or slug@version); stream: true sends OpenAI chunks ending with [DONE]',
  })
  @ApiProduces('application/json', 'text/event-stream')
  @ZodResponse(200, openAiChatCompletionSchema)
  complete(
    @CurrentUser() user: AuthUser,
    @ZodBody(openAiChatRequestSchema) body: OpenAiChatRequest,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    return this.openai.complete(user, body, req, res);
  }
}
