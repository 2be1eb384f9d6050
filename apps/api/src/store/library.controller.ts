import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  type LibraryPage,
  libraryPageSchema,
  type LibraryQuery,
  libraryQuerySchema,
} from '@agenthub/contracts';
import { type AuthUser, CurrentUser } from '../common/auth.decorators.js';
import { ApiErrors, ZodQuery, ZodResponse } from '../common/zod.decorators.js';
import { StoreInstallService } from './store-install.service.js';

@ApiTags('store')
@Controller('me/agents')
export class LibraryController {
  constructor(private readonly installs: StoreInstallService) {}

  @Get()
  @ApiOperation({ summary: 'My library: installed agents with when I installed and last used them' })
  @ZodResponse(200, libraryPageSchema)
  @ApiErrors(400, 401)
  library(
    @CurrentUser() user: AuthUser,
    @ZodQuery(libraryQuerySchema) query: LibraryQuery,
  ): Promise<LibraryPage> {
    return this.installs.library(user, query);
  }
}
