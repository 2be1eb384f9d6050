import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  type AuditLog,
  auditLogPageSchema,
  type AuditLogQuery,
  auditLogQuerySchema,
  type Page,
} from '@agenthub/contracts';
import { Roles } from '../common/auth.decorators.js';
import { ApiErrors, ZodQuery, ZodResponse } from '../common/zod.decorators.js';
import { AuditService } from './audit.service.js';

@ApiTags('admin')
@Roles('admin')
@ApiErrors(401, 403)
@Controller('admin/audit-logs')
export class AdminAuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({ summary: 'Audit log, newest first, filtered by action, actor or target' })
  @ZodResponse(200, auditLogPageSchema)
  @ApiErrors(400)
  search(@ZodQuery(auditLogQuerySchema) query: AuditLogQuery): Promise<Page<AuditLog>> {
    return this.audit.search(query);
  }
}
