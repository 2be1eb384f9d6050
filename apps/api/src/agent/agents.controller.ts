import { Controller, Delete, Get, Headers, HttpCode, Patch, Post, Put, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import {
  type Agent,
  type AgentDetail,
  agentDetailSchema,
  type AgentListItem,
  type AgentListQuery,
  agentListQuerySchema,
  agentPageSchema,
  agentSchema,
  type AgentTestRequest,
  agentTestRequestSchema,
  type AgentVersion,
  type AgentVersionDetail,
  agentVersionDetailSchema,
  type AgentVersionList,
  agentVersionListSchema,
  agentVersionSchema,
  type CreateAgentRequest,
  createAgentRequestSchema,
  type DraftSettingsRequest,
  draftSettingsRequestSchema,
  type FromTemplateRequest,
  fromTemplateRequestSchema,
  type Page,
  type PublishRequest,
  publishRequestSchema,
  type SlugAvailability,
  type SlugAvailabilityQuery,
  slugAvailabilityQuerySchema,
  slugAvailabilitySchema,
  type UpdateAgentRequest,
  updateAgentRequestSchema,
  type UpdateWorkflowRequest,
  updateWorkflowRequestSchema,
  type VersionCompare,
  type VersionCompareQuery,
  versionCompareQuerySchema,
  versionCompareSchema,
  type WorkflowSaveResult,
  workflowSaveResultSchema,
  type WorkflowValidationResult,
  workflowValidationResultSchema,
} from '@agenthub/contracts';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { type AuthUser, CurrentUser, Roles } from '../common/auth.decorators.js';
import { type RequestMeta, ReqMeta } from '../common/request-meta.decorator.js';
import { ApiErrors, ZodBody, ZodParam, ZodQuery, ZodResponse } from '../common/zod.decorators.js';
import { AgentService } from './agent.service.js';
import { AgentPublishService } from './agent-publish.service.js';
import { AgentVersionService } from './agent-version.service.js';
import { AgentWorkflowService } from './agent-workflow.service.js';
import { etagOf } from './domain/draft-revision.rules.js';

const versionParam = z.string().trim().min(1).max(64);

/** Sends the draft's revision as the `ETag` header (the editor's If-Match on the next save). */
function withDraftEtag(res: Response) {
  return <T extends { draft: { id: string; revision: string } | null }>(body: T): T => {
    if (body.draft) res.setHeader('ETag', etagOf(body.draft.revision));
    return body;
  };
}

/** Developers manage their own agents; admins manage everyone's. Others' agents are 404. */
@ApiTags('agents')
@Roles('developer', 'admin')
@ApiErrors(401, 403)
@Controller('agents')
export class AgentsController {
  constructor(
    private readonly agents: AgentService,
    private readonly workflow: AgentWorkflowService,
    private readonly publisher: AgentPublishService,
    private readonly versions: AgentVersionService,
  ) {}

  @Get()
  @ApiOperation({
    summary:
      'Your agents with draft change time and chats of the last 7 days (admins: everyone’s, filterable by owner)',
  })
  @ZodResponse(200, agentPageSchema)
  @ApiErrors(400)
  list(
    @CurrentUser() user: AuthUser,
    @ZodQuery(agentListQuerySchema) query: AgentListQuery,
  ): Promise<Page<AgentListItem>> {
    return this.agents.list(user, query);
  }

  @Get('slug-availability')
  @ApiOperation({ summary: 'Whether a slug is free (with a free variant when it is not)' })
  @ZodResponse(200, slugAvailabilitySchema)
  @ApiErrors(400, 404)
  slugAvailability(
    @CurrentUser() user: AuthUser,
    @ZodQuery(slugAvailabilityQuerySchema) query: SlugAvailabilityQuery,
  ): Promise<SlugAvailability> {
    return this.agents.slugAvailability(user, query);
  }

  @Post()
  @ApiOperation({ summary: 'Create an agent (starter workflow, or from a template) with its draft' })
  @ZodResponse(201, agentDetailSchema)
  @ApiErrors(400, 404, 409)
  create(
    @CurrentUser() user: AuthUser,
    @ZodBody(createAgentRequestSchema) body: CreateAgentRequest,
    @ReqMeta() meta: RequestMeta,
  ): Promise<AgentDetail> {
    return this.agents.create(user, body, meta);
  }

  @Get(':id')
  @ApiOperation({ summary: 'An agent with its editable draft (ETag: the draft revision)' })
  @ZodResponse(200, agentDetailSchema)
  @ApiErrors(400, 404)
  get(
    @CurrentUser() user: AuthUser,
    @ZodParam('id', z.uuid()) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AgentDetail> {
    return this.agents.get(user, id).then(withDraftEtag(res));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Update name, slug, description, icon, category or tags' })
  @ZodResponse(200, agentDetailSchema)
  @ApiErrors(400, 404, 409)
  update(
    @CurrentUser() user: AuthUser,
    @ZodParam('id', z.uuid()) id: string,
    @ZodBody(updateAgentRequestSchema) body: UpdateAgentRequest,
  ): Promise<AgentDetail> {
    return this.agents.update(user, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an agent (soft: open chats keep working, the slug is freed)' })
  @ZodResponse(204, null, 'Deleted')
  @ApiErrors(400, 404)
  remove(
    @CurrentUser() user: AuthUser,
    @ZodParam('id', z.uuid()) id: string,
    @ReqMeta() meta: RequestMeta,
  ): Promise<void> {
    return this.agents.remove(user, id, meta);
  }

  @Post(':id/archive')
  @HttpCode(200)
  @ApiOperation({ summary: 'Hide the agent from the store (existing chats keep working)' })
  @ZodResponse(200, agentSchema)
  @ApiErrors(400, 404, 409)
  archive(
    @CurrentUser() user: AuthUser,
    @ZodParam('id', z.uuid()) id: string,
    @ReqMeta() meta: RequestMeta,
  ): Promise<Agent> {
    return this.agents.setArchived(user, id, true, meta);
  }

  @Post(':id/unarchive')
  @HttpCode(200)
  @ApiOperation({ summary: 'Show an archived agent in the store again' })
  @ZodResponse(200, agentSchema)
  @ApiErrors(400, 404, 409)
  unarchive(
    @CurrentUser() user: AuthUser,
    @ZodParam('id', z.uuid()) id: string,
    @ReqMeta() meta: RequestMeta,
  ): Promise<Agent> {
    return this.agents.setArchived(user, id, false, meta);
  }

  @Put(':id/workflow')
  @ApiOperation({
    summary:
      'Save the draft workflow: an inline definition or a template snapshot (exactly one), plus settings. With `If-Match: "<draft revision>"` a stale revision is refused with 412; the response carries the new ETag',
  })
  @ZodResponse(200, workflowSaveResultSchema)
  @ApiErrors(400, 404, 409, 412, 413)
  saveWorkflow(
    @CurrentUser() user: AuthUser,
    @ZodParam('id', z.uuid()) id: string,
    @ZodBody(updateWorkflowRequestSchema) body: UpdateWorkflowRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<WorkflowSaveResult> {
    return this.workflow.save(user, id, body, ifMatch).then(withDraftEtag(res));
  }

  @Patch(':id/draft/settings')
  @ApiOperation({
    summary:
      'Change the draft’s settings (system prompt, model parameters, …) without its workflow (If-Match as for PUT)',
  })
  @ZodResponse(200, workflowSaveResultSchema)
  @ApiErrors(400, 404, 409, 412)
  saveSettings(
    @CurrentUser() user: AuthUser,
    @ZodParam('id', z.uuid()) id: string,
    @ZodBody(draftSettingsRequestSchema) body: DraftSettingsRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<WorkflowSaveResult> {
    return this.workflow.saveSettings(user, id, body, ifMatch).then(withDraftEtag(res));
  }

  @Post(':id/workflow/from-template')
  @HttpCode(200)
  @ApiOperation({ summary: 'Replace the draft workflow with an instantiated template (If-Match as for PUT)' })
  @ZodResponse(200, workflowSaveResultSchema)
  @ApiErrors(400, 404, 409, 412, 413)
  fromTemplate(
    @CurrentUser() user: AuthUser,
    @ZodParam('id', z.uuid()) id: string,
    @ZodBody(fromTemplateRequestSchema) body: FromTemplateRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<WorkflowSaveResult> {
    return this.workflow.fromTemplate(user, id, body, ifMatch).then(withDraftEtag(res));
  }

  @Get(':id/workflow/validate')
  @ApiOperation({ summary: 'Validate the draft: engine checks plus services and MCP tools on this platform' })
  @ZodResponse(200, workflowValidationResultSchema)
  @ApiErrors(400, 404)
  validate(
    @CurrentUser() user: AuthUser,
    @ZodParam('id', z.uuid()) id: string,
  ): Promise<WorkflowValidationResult> {
    return this.workflow.validate(user, id);
  }

  @Post(':id/test')
  @ApiOperation({ summary: 'Run the draft with a test input; streams run events (SSE)' })
  @ApiProduces('text/event-stream')
  @ZodResponse(200, null, 'text/event-stream of run events (run, node, message, …, done)')
  @ApiErrors(400, 404)
  test(
    @CurrentUser() user: AuthUser,
    @ZodParam('id', z.uuid()) id: string,
    @ZodBody(agentTestRequestSchema) body: AgentTestRequest,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    return this.workflow.test(user, id, body, req, res);
  }

  @Post(':id/publish')
  @ApiOperation({ summary: 'Submit the draft as a new version; the automatic review runs at once' })
  @ZodResponse(201, agentVersionSchema)
  @ApiErrors(400, 404, 409)
  publish(
    @CurrentUser() user: AuthUser,
    @ZodParam('id', z.uuid()) id: string,
    @ZodBody(publishRequestSchema) body: PublishRequest,
    @ReqMeta() meta: RequestMeta,
  ): Promise<AgentVersion> {
    return this.publisher.publish(user, id, body, meta);
  }

  @Get(':id/versions')
  @ApiOperation({ summary: 'Submitted versions, highest first' })
  @ZodResponse(200, agentVersionListSchema)
  @ApiErrors(400, 404)
  listVersions(
    @CurrentUser() user: AuthUser,
    @ZodParam('id', z.uuid()) id: string,
  ): Promise<AgentVersionList> {
    return this.versions.list(user, id);
  }

  @Get(':id/versions/:version')
  @ApiOperation({ summary: 'One version with a structural diff against the previous one' })
  @ZodResponse(200, agentVersionDetailSchema)
  @ApiErrors(400, 404)
  getVersion(
    @CurrentUser() user: AuthUser,
    @ZodParam('id', z.uuid()) id: string,
    @ZodParam('version', versionParam) version: string,
  ): Promise<AgentVersionDetail> {
    return this.versions.get(user, id, version);
  }

  @Get(':id/compare')
  @ApiOperation({
    summary: 'Structural diff between two versions (`from`, `to`: a version number or `draft`)',
  })
  @ZodResponse(200, versionCompareSchema)
  @ApiErrors(400, 404)
  compare(
    @CurrentUser() user: AuthUser,
    @ZodParam('id', z.uuid()) id: string,
    @ZodQuery(versionCompareQuerySchema) query: VersionCompareQuery,
  ): Promise<VersionCompare> {
    return this.versions.compare(user, id, query);
  }

  @Post(':id/versions/:version/restore')
  @HttpCode(200)
  @ApiOperation({
    summary: "Replace the draft's workflow and settings with this version's (a new draft if none)",
  })
  @ZodResponse(200, workflowSaveResultSchema)
  @ApiErrors(400, 404)
  restore(
    @CurrentUser() user: AuthUser,
    @ZodParam('id', z.uuid()) id: string,
    @ZodParam('version', versionParam) version: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<WorkflowSaveResult> {
    return this.workflow.restore(user, id, version).then(withDraftEtag(res));
  }

  @Post(':id/versions/:version/deprecate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Retire a published version the agent no longer serves (409 for the live one)' })
  @ZodResponse(200, agentVersionSchema)
  @ApiErrors(400, 404, 409)
  deprecate(
    @CurrentUser() user: AuthUser,
    @ZodParam('id', z.uuid()) id: string,
    @ZodParam('version', versionParam) version: string,
    @ReqMeta() meta: RequestMeta,
  ): Promise<AgentVersion> {
    return this.versions.deprecate(user, id, version, meta);
  }

  @Put(':id/versions/:version/workflow')
  @ApiOperation({ summary: 'Always refused: submitted versions are immutable (409 version_immutable)' })
  @ApiErrors(400, 404, 409)
  editVersion(
    @CurrentUser() user: AuthUser,
    @ZodParam('id', z.uuid()) id: string,
    @ZodParam('version', versionParam) version: string,
  ): Promise<never> {
    return this.versions.assertEditable(user, id, version);
  }
}
