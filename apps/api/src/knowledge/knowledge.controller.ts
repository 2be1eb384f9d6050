import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Patch,
  Post,
  StreamableFile,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  type AddTextDocument,
  addTextDocumentSchema,
  type AddUrlDocument,
  addUrlDocumentSchema,
  type CreateKnowledgeBase,
  createKnowledgeBaseSchema,
  KNOWLEDGE_LIMITS,
  type KnowledgeBase,
  knowledgeBasePageSchema,
  knowledgeBaseQuerySchema,
  knowledgeBaseSchema,
  type KnowledgeDocument,
  knowledgeDocumentPageSchema,
  knowledgeDocumentSchema,
  type Page,
  type PageQuery,
  type RetrievalQuery,
  retrievalQuerySchema,
  type RetrievalResult,
  retrievalResultSchema,
  type UpdateKnowledgeBase,
  updateKnowledgeBaseSchema,
} from '@agenthub/contracts';
import { z } from 'zod';
import { type AuthUser, CurrentUser, Roles } from '../common/auth.decorators.js';
import { ApiErrors, ZodBody, ZodParam, ZodQuery, ZodResponse } from '../common/zod.decorators.js';
import { KnowledgeService, type UploadedFileLike } from './knowledge.service.js';

const id = z.uuid();

@ApiTags('knowledge')
@Roles('developer', 'admin')
@ApiErrors(401, 403)
@Controller('knowledge-bases')
export class KnowledgeController {
  constructor(private readonly knowledge: KnowledgeService) {}

  @Post()
  @ApiOperation({ summary: 'Create a knowledge base (scope platform: admins only)' })
  @ZodResponse(201, knowledgeBaseSchema)
  @ApiErrors(400, 422)
  create(
    @CurrentUser() user: AuthUser,
    @ZodBody(createKnowledgeBaseSchema) body: CreateKnowledgeBase,
  ): Promise<KnowledgeBase> {
    return this.knowledge.create(user, body);
  }

  @Get()
  @ApiOperation({ summary: 'Your knowledge bases and the platform-wide ones (admins: all)' })
  @ZodResponse(200, knowledgeBasePageSchema)
  list(
    @CurrentUser() user: AuthUser,
    @ZodQuery(knowledgeBaseQuerySchema) query: PageQuery,
  ): Promise<Page<KnowledgeBase>> {
    return this.knowledge.list(user, query);
  }

  @Get(':id')
  @ZodResponse(200, knowledgeBaseSchema)
  @ApiErrors(400, 404)
  get(@CurrentUser() user: AuthUser, @ZodParam('id', id) kbId: string): Promise<KnowledgeBase> {
    return this.knowledge.get(user, kbId);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Rename or change settings (new chunking re-indexes every document)' })
  @ZodResponse(200, knowledgeBaseSchema)
  @ApiErrors(400, 404)
  update(
    @CurrentUser() user: AuthUser,
    @ZodParam('id', id) kbId: string,
    @ZodBody(updateKnowledgeBaseSchema) body: UpdateKnowledgeBase,
  ): Promise<KnowledgeBase> {
    return this.knowledge.update(user, kbId, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ZodResponse(204, null, 'Deleted with its documents and chunks')
  @ApiErrors(400, 404)
  remove(@CurrentUser() user: AuthUser, @ZodParam('id', id) kbId: string): Promise<void> {
    return this.knowledge.remove(user, kbId);
  }

  @Get(':id/documents')
  @ZodResponse(200, knowledgeDocumentPageSchema)
  @ApiErrors(400, 404)
  documents(
    @CurrentUser() user: AuthUser,
    @ZodParam('id', id) kbId: string,
    @ZodQuery(knowledgeBaseQuerySchema) query: PageQuery,
  ): Promise<Page<KnowledgeDocument>> {
    return this.knowledge.listDocuments(user, kbId, query);
  }

  @Post(':id/documents/text')
  @ApiOperation({ summary: 'Add raw text as a document (queued for ingestion)' })
  @ZodResponse(201, knowledgeDocumentSchema)
  @ApiErrors(400, 404, 409, 413, 422)
  addText(
    @CurrentUser() user: AuthUser,
    @ZodParam('id', id) kbId: string,
    @ZodBody(addTextDocumentSchema) body: AddTextDocument,
  ): Promise<KnowledgeDocument> {
    return this.knowledge.addText(user, kbId, body);
  }

  @Post(':id/documents/file')
  @ApiOperation({
    summary:
      'Upload a file (multipart field "file": txt, md, html, csv, json, pdf, docx; optional "tags", comma-separated)',
  })
  @ApiConsumes('multipart/form-data')
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: KNOWLEDGE_LIMITS.maxFileBytes, files: 1 } }))
  @ZodResponse(201, knowledgeDocumentSchema)
  @ApiErrors(400, 404, 409, 413, 422)
  addFile(
    @CurrentUser() user: AuthUser,
    @ZodParam('id', id) kbId: string,
    @UploadedFile() file: UploadedFileLike | undefined,
    @Body('tags') tags: unknown,
  ): Promise<KnowledgeDocument> {
    return this.knowledge.addFile(user, kbId, file, tags);
  }

  @Post(':id/documents/url')
  @ApiOperation({ summary: 'Fetch an HTML or text page (through the outbound URL guard) as a document' })
  @ZodResponse(201, knowledgeDocumentSchema)
  @ApiErrors(400, 404, 409, 413, 422)
  addUrl(
    @CurrentUser() user: AuthUser,
    @ZodParam('id', id) kbId: string,
    @ZodBody(addUrlDocumentSchema) body: AddUrlDocument,
  ): Promise<KnowledgeDocument> {
    return this.knowledge.addUrl(user, kbId, body);
  }

  @Get(':id/documents/:documentId')
  @ZodResponse(200, knowledgeDocumentSchema)
  @ApiErrors(400, 404)
  document(
    @CurrentUser() user: AuthUser,
    @ZodParam('id', id) kbId: string,
    @ZodParam('documentId', id) documentId: string,
  ): Promise<KnowledgeDocument> {
    return this.knowledge.getDocument(user, kbId, documentId);
  }

  @Get(':id/documents/:documentId/file')
  @ApiOperation({ summary: 'Download the stored original (the base owner; admins for platform bases)' })
  @ApiErrors(400, 404)
  download(
    @CurrentUser() user: AuthUser,
    @ZodParam('id', id) kbId: string,
    @ZodParam('documentId', id) documentId: string,
  ): Promise<StreamableFile> {
    return this.knowledge.downloadDocument(user, kbId, documentId);
  }

  @Post(':id/documents/:documentId/reindex')
  @HttpCode(202)
  @ZodResponse(202, knowledgeDocumentSchema)
  @ApiErrors(400, 404)
  reindex(
    @CurrentUser() user: AuthUser,
    @ZodParam('id', id) kbId: string,
    @ZodParam('documentId', id) documentId: string,
  ): Promise<KnowledgeDocument> {
    return this.knowledge.reindexDocument(user, kbId, documentId);
  }

  @Delete(':id/documents/:documentId')
  @HttpCode(204)
  @ZodResponse(204, null, 'Deleted with its chunks')
  @ApiErrors(400, 404)
  removeDocument(
    @CurrentUser() user: AuthUser,
    @ZodParam('id', id) kbId: string,
    @ZodParam('documentId', id) documentId: string,
  ): Promise<void> {
    return this.knowledge.deleteDocument(user, kbId, documentId);
  }

  @Post(':id/retrieve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Test retrieval: the most similar passages with their scores' })
  @ZodResponse(200, retrievalResultSchema)
  @ApiErrors(400, 404)
  retrieve(
    @CurrentUser() user: AuthUser,
    @ZodParam('id', id) kbId: string,
    @ZodBody(retrievalQuerySchema) body: RetrievalQuery,
  ): Promise<RetrievalResult> {
    return this.knowledge.retrieve(user, kbId, body);
  }
}
