import { Controller, Delete, Get, HttpCode, Patch, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import {
  type Chat,
  type ChatList,
  chatListQuerySchema,
  type ChatListQuery,
  chatListSchema,
  type ChatMessageList,
  chatMessageListSchema,
  chatSchema,
  type CreateChatRequest,
  createChatRequestSchema,
  type PostMessageRequest,
  postMessageRequestSchema,
  postMessageResponseSchema,
  type UpdateChatRequest,
  updateChatRequestSchema,
} from '@agenthub/contracts';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { type AuthUser, CurrentUser } from '../common/auth.decorators.js';
import { ApiErrors, ZodBody, ZodParam, ZodQuery, ZodResponse } from '../common/zod.decorators.js';
import { ChatRunService } from './chat-run.service.js';
import { ChatStreamService } from './chat-stream.service.js';
import { ChatService } from './chat.service.js';

/** Any signed-in user chats with published agents; chats are private (others' are 404, admins too). */
@ApiTags('chats')
@ApiErrors(400, 401, 404)
@Controller('chats')
export class ChatsController {
  constructor(
    private readonly chats: ChatService,
    private readonly chatRuns: ChatRunService,
    private readonly streams: ChatStreamService,
  ) {}

  @Post()
  @ApiOperation({
    summary: "Start a chat with an agent's current (or a given) published version, locked for the chat",
  })
  @ZodResponse(201, chatSchema)
  @ApiErrors(409)
  create(
    @CurrentUser() user: AuthUser,
    @ZodBody(createChatRequestSchema) body: CreateChatRequest,
  ): Promise<Chat> {
    return this.chats.create(user, body);
  }

  @Get()
  @ApiOperation({ summary: 'My chats, newest activity first (`q` searches titles)' })
  @ZodResponse(200, chatListSchema)
  list(
    @CurrentUser() user: AuthUser,
    @ZodQuery(chatListQuerySchema) query: ChatListQuery,
  ): Promise<ChatList> {
    return this.chats.list(user, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A chat of mine' })
  @ZodResponse(200, chatSchema)
  get(@CurrentUser() user: AuthUser, @ZodParam('id', z.uuid()) id: string): Promise<Chat> {
    return this.chats.get(user, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Rename or (un)archive a chat' })
  @ZodResponse(200, chatSchema)
  update(
    @CurrentUser() user: AuthUser,
    @ZodParam('id', z.uuid()) id: string,
    @ZodBody(updateChatRequestSchema) body: UpdateChatRequest,
  ): Promise<Chat> {
    return this.chats.update(user, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a chat (soft: it disappears for me; its runs stay recorded)' })
  @ZodResponse(204, null, 'Deleted')
  remove(@CurrentUser() user: AuthUser, @ZodParam('id', z.uuid()) id: string): Promise<void> {
    return this.chats.remove(user, id);
  }

  @Get(':id/messages')
  @ApiOperation({
    summary: 'The message tree of a chat (parent ids; siblings are regenerated replies), oldest first',
  })
  @ZodResponse(200, chatMessageListSchema)
  messages(@CurrentUser() user: AuthUser, @ZodParam('id', z.uuid()) id: string): Promise<ChatMessageList> {
    return this.chatRuns.listMessages(user, id);
  }

  @Post(':id/messages')
  @ApiOperation({
    summary:
      'Send a message (parentMessageId = a user message regenerates its reply): streams run events with ' +
      'Accept: text/event-stream, else answers JSON once the run ends',
  })
  @ApiProduces('application/json', 'text/event-stream')
  @ZodResponse(201, postMessageResponseSchema)
  @ApiErrors(409, 422)
  post(
    @CurrentUser() user: AuthUser,
    @ZodParam('id', z.uuid()) id: string,
    @ZodBody(postMessageRequestSchema) body: PostMessageRequest,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    return this.streams.postMessage(user, id, body, req, res);
  }
}
