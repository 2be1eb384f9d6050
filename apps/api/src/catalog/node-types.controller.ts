import { Controller, Delete, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  type CreateNodeType,
  createNodeTypeRequestSchema,
  type NodeConfigValidation,
  nodeConfigValidationSchema,
  type NodeType,
  nodeTypeNameSchema,
  nodeTypePageSchema,
  type NodeTypeQuery,
  nodeTypeQuerySchema,
  nodeTypeSchema,
  type NodeTypeUsage,
  nodeTypeUsageSchema,
  type Page,
  type UpdateNodeTypeRequest,
  updateNodeTypeRequestSchema,
  validateNodeConfigRequestSchema,
} from '@agenthub/contracts';
import { type AuthUser, CurrentUser, Roles } from '../common/auth.decorators.js';
import { type RequestMeta, ReqMeta } from '../common/request-meta.decorator.js';
import { ApiErrors, ZodBody, ZodParam, ZodQuery, ZodResponse } from '../common/zod.decorators.js';
import { NodeTypeService } from './node-type.service.js';

@ApiTags('catalog')
@ApiErrors(401)
@Controller('node-types')
export class NodeTypesController {
  constructor(private readonly nodeTypes: NodeTypeService) {}

  @Get()
  @ApiOperation({ summary: 'Node types (the IDE palette), optionally by category or executor kind' })
  @ZodResponse(200, nodeTypePageSchema)
  @ApiErrors(400)
  list(@ZodQuery(nodeTypeQuerySchema) query: NodeTypeQuery): Promise<Page<NodeType>> {
    return this.nodeTypes.list(query);
  }

  @Get(':type')
  @ApiOperation({ summary: 'One node type with its config schema and defaults' })
  @ZodResponse(200, nodeTypeSchema)
  @ApiErrors(400, 404)
  get(@ZodParam('type', nodeTypeNameSchema) type: string): Promise<NodeType> {
    return this.nodeTypes.get(type);
  }

  @Get(':type/usage')
  @Roles('admin')
  @ApiOperation({ summary: 'The templates and agent versions using a node type (admin)' })
  @ZodResponse(200, nodeTypeUsageSchema)
  @ApiErrors(400, 403, 404)
  usage(@ZodParam('type', nodeTypeNameSchema) type: string): Promise<NodeTypeUsage> {
    return this.nodeTypes.usageOf(type);
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Create a node type specialising an executor kind (admin)' })
  @ZodResponse(201, nodeTypeSchema)
  @ApiErrors(400, 403, 409)
  create(
    @CurrentUser() user: AuthUser,
    @ZodBody(createNodeTypeRequestSchema) body: CreateNodeType,
    @ReqMeta() meta: RequestMeta,
  ): Promise<NodeType> {
    return this.nodeTypes.create(body, { user, meta });
  }

  @Put(':type')
  @Roles('admin')
  @ApiOperation({ summary: 'Change a node type; omitted fields keep their value (admin)' })
  @ZodResponse(200, nodeTypeSchema)
  @ApiErrors(400, 403, 404, 409)
  update(
    @CurrentUser() user: AuthUser,
    @ZodParam('type', nodeTypeNameSchema) type: string,
    @ZodBody(updateNodeTypeRequestSchema) body: UpdateNodeTypeRequest,
    @ReqMeta() meta: RequestMeta,
  ): Promise<NodeType> {
    return this.nodeTypes.update(type, body, { user, meta });
  }

  @Delete(':type')
  @Roles('admin')
  @HttpCode(204)
  @ApiOperation({
    summary:
      'Delete a node type (admin); 409 node_type_in_use lists the templates and agent versions using it',
  })
  @ZodResponse(204, null, 'Deleted')
  @ApiErrors(400, 403, 404, 409)
  remove(
    @CurrentUser() user: AuthUser,
    @ZodParam('type', nodeTypeNameSchema) type: string,
    @ReqMeta() meta: RequestMeta,
  ): Promise<void> {
    return this.nodeTypes.remove(type, { user, meta });
  }

  @Post(':type/validate-config')
  @Roles('developer', 'admin')
  @HttpCode(200)
  @ApiOperation({ summary: "Check a node config against the type's input schema, merged over its defaults" })
  @ZodResponse(200, nodeConfigValidationSchema)
  @ApiErrors(400, 403, 404)
  validateConfig(
    @ZodParam('type', nodeTypeNameSchema) type: string,
    @ZodBody(validateNodeConfigRequestSchema) body: { config: Record<string, unknown> },
  ): Promise<NodeConfigValidation> {
    return this.nodeTypes.validateConfig(type, body.config);
  }
}
