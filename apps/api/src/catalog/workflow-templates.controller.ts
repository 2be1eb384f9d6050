import { Controller, Delete, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  type CreateWorkflowTemplate,
  createWorkflowTemplateRequestSchema,
  type DeleteWorkflowTemplateResult,
  deleteWorkflowTemplateResultSchema,
  instantiateTemplateRequestSchema,
  type Page,
  type TemplateInstance,
  templateInstanceSchema,
  type TemplateUsageStats,
  templateUsageStatsSchema,
  type TemplateRevisionList,
  templateRevisionListSchema,
  type TemplateValidation,
  templateValidationSchema,
  type ValidateTemplateDraftRequest,
  validateTemplateDraftRequestSchema,
  type UpdateWorkflowTemplateRequest,
  updateWorkflowTemplateRequestSchema,
  type WorkflowTemplate,
  workflowTemplatePageSchema,
  type WorkflowTemplateQuery,
  workflowTemplateQuerySchema,
  workflowTemplateSchema,
  type WorkflowTemplateSummary,
} from '@agenthub/contracts';
import { z } from 'zod';
import { type AuthUser, CurrentUser, Roles } from '../common/auth.decorators.js';
import { type RequestMeta, ReqMeta } from '../common/request-meta.decorator.js';
import { ApiErrors, ZodBody, ZodParam, ZodQuery, ZodResponse } from '../common/zod.decorators.js';
import { WorkflowTemplateService } from './workflow-template.service.js';

type ParametersBody = { parameters: Record<string, unknown> };

@ApiTags('catalog')
@ApiErrors(401)
@Controller('workflow-templates')
export class WorkflowTemplatesController {
  constructor(private readonly templates: WorkflowTemplateService) {}

  @Get()
  @ApiOperation({
    summary: 'Search templates (q, category, nodeType, complexity); non-admins only see active ones',
  })
  @ZodResponse(200, workflowTemplatePageSchema)
  @ApiErrors(400)
  search(
    @CurrentUser() user: AuthUser,
    @ZodQuery(workflowTemplateQuerySchema) query: WorkflowTemplateQuery,
  ): Promise<Page<WorkflowTemplateSummary>> {
    return this.templates.search(query, user);
  }

  @Post('validate')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Validate an unsaved definition and parameter schema (admin editor)' })
  @ZodResponse(200, templateValidationSchema)
  @ApiErrors(400, 403)
  validateDraft(
    @ZodBody(validateTemplateDraftRequestSchema) body: Required<ValidateTemplateDraftRequest>,
  ): Promise<TemplateValidation> {
    return this.templates.validateDraft(body);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One template with its definition and parameter schema' })
  @ZodResponse(200, workflowTemplateSchema)
  @ApiErrors(400, 404)
  get(@CurrentUser() user: AuthUser, @ZodParam('id', z.uuid()) id: string): Promise<WorkflowTemplate> {
    return this.templates.get(id, user);
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Create a template (admin); active ones must validate with default parameters' })
  @ZodResponse(201, workflowTemplateSchema)
  @ApiErrors(400, 403, 409, 422)
  create(
    @CurrentUser() user: AuthUser,
    @ZodBody(createWorkflowTemplateRequestSchema) body: CreateWorkflowTemplate,
    @ReqMeta() meta: RequestMeta,
  ): Promise<WorkflowTemplate> {
    return this.templates.create(body, { user, meta });
  }

  @Put(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'Update a template (admin); bumps its version, agents keep theirs' })
  @ZodResponse(200, workflowTemplateSchema)
  @ApiErrors(400, 403, 404, 422)
  update(
    @CurrentUser() user: AuthUser,
    @ZodParam('id', z.uuid()) id: string,
    @ZodBody(updateWorkflowTemplateRequestSchema) body: UpdateWorkflowTemplateRequest,
    @ReqMeta() meta: RequestMeta,
  ): Promise<WorkflowTemplate> {
    return this.templates.update(id, body, { user, meta });
  }

  @Delete(':id')
  @Roles('admin')
  @ApiOperation({
    summary: 'Delete a template (admin); one that agents use is deprecated instead (outcome: deprecated)',
  })
  @ZodResponse(200, deleteWorkflowTemplateResultSchema)
  @ApiErrors(400, 403, 404)
  remove(
    @CurrentUser() user: AuthUser,
    @ZodParam('id', z.uuid()) id: string,
    @ReqMeta() meta: RequestMeta,
  ): Promise<DeleteWorkflowTemplateResult> {
    return this.templates.remove(id, { user, meta });
  }

  @Post(':id/validate')
  @Roles('developer', 'admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Validate the definition with default parameters against the current node types' })
  @ZodResponse(200, templateValidationSchema)
  @ApiErrors(400, 403, 404)
  validate(@CurrentUser() user: AuthUser, @ZodParam('id', z.uuid()) id: string): Promise<TemplateValidation> {
    return this.templates.validate(id, user);
  }

  @Post(':id/instantiate')
  @Roles('developer', 'admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Instantiate with parameters: the concrete definition; counts a usage' })
  @ZodResponse(200, templateInstanceSchema)
  @ApiErrors(400, 403, 404)
  instantiate(
    @CurrentUser() user: AuthUser,
    @ZodParam('id', z.uuid()) id: string,
    @ZodBody(instantiateTemplateRequestSchema) body: ParametersBody,
  ): Promise<TemplateInstance> {
    return this.templates.instantiate(id, body.parameters, { countUsage: true, viewer: user });
  }

  @Post(':id/preview')
  @Roles('developer', 'admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Like instantiate, without counting a usage' })
  @ZodResponse(200, templateInstanceSchema)
  @ApiErrors(400, 403, 404)
  preview(
    @CurrentUser() user: AuthUser,
    @ZodParam('id', z.uuid()) id: string,
    @ZodBody(instantiateTemplateRequestSchema) body: ParametersBody,
  ): Promise<TemplateInstance> {
    return this.templates.instantiate(id, body.parameters, { countUsage: false, viewer: user });
  }

  @Get(':id/revisions')
  @Roles('admin')
  @ApiOperation({ summary: 'Every stored version of the template, newest first (admin)' })
  @ZodResponse(200, templateRevisionListSchema)
  @ApiErrors(400, 403, 404)
  revisions(@ZodParam('id', z.uuid()) id: string): Promise<TemplateRevisionList> {
    return this.templates.revisions(id);
  }

  @Get(':id/usage-stats')
  @Roles('developer', 'admin')
  @ApiOperation({ summary: 'Instantiations, agents built from the template and chats with them' })
  @ZodResponse(200, templateUsageStatsSchema)
  @ApiErrors(400, 403, 404)
  usageStats(
    @CurrentUser() user: AuthUser,
    @ZodParam('id', z.uuid()) id: string,
  ): Promise<TemplateUsageStats> {
    return this.templates.usageStats(id, user);
  }
}
