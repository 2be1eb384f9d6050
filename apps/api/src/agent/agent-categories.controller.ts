import { Controller, Delete, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  type Category,
  categorySchema,
  type CategoryTree,
  categoryTreeSchema,
  type CreateCategoryRequest,
  createCategoryRequestSchema,
  type UpdateCategoryRequest,
  updateCategoryRequestSchema,
} from '@agenthub/contracts';
import { z } from 'zod';
import { type AuthUser, CurrentUser, Public, Roles } from '../common/auth.decorators.js';
import { type RequestMeta, ReqMeta } from '../common/request-meta.decorator.js';
import { ApiErrors, ZodBody, ZodParam, ZodResponse } from '../common/zod.decorators.js';
import { AgentCategoryService } from './agent-category.service.js';

@ApiTags('categories')
@Controller('categories')
export class AgentCategoriesController {
  constructor(private readonly categories: AgentCategoryService) {}

  @Get()
  @Public()
  @ApiOperation({
    summary:
      'The agent category tree (public), each node with its number of store agents (sub-categories included)',
  })
  @ZodResponse(200, categoryTreeSchema)
  tree(): Promise<CategoryTree> {
    return this.categories.tree();
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Create a category (admin)' })
  @ZodResponse(201, categorySchema)
  @ApiErrors(400, 401, 403, 409)
  create(
    @CurrentUser() admin: AuthUser,
    @ZodBody(createCategoryRequestSchema) body: CreateCategoryRequest,
    @ReqMeta() meta: RequestMeta,
  ): Promise<Category> {
    return this.categories.create(admin, body, meta);
  }

  @Put(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'Rename, re-order or move a category (admin)' })
  @ZodResponse(200, categorySchema)
  @ApiErrors(400, 401, 403, 404, 409)
  update(
    @CurrentUser() admin: AuthUser,
    @ZodParam('id', z.uuid()) id: string,
    @ZodBody(updateCategoryRequestSchema) body: UpdateCategoryRequest,
    @ReqMeta() meta: RequestMeta,
  ): Promise<Category> {
    return this.categories.update(admin, id, body, meta);
  }

  @Delete(':id')
  @Roles('admin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a category without agents or sub-categories (admin)' })
  @ZodResponse(204, null, 'Deleted')
  @ApiErrors(400, 401, 403, 404, 409)
  remove(
    @CurrentUser() admin: AuthUser,
    @ZodParam('id', z.uuid()) id: string,
    @ReqMeta() meta: RequestMeta,
  ): Promise<void> {
    return this.categories.remove(admin, id, meta);
  }
}
