import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  type AuthResponse,
  authResponseSchema,
  type LoginRequest,
  loginRequestSchema,
  type LogoutRequest,
  logoutRequestSchema,
  type RefreshRequest,
  refreshRequestSchema,
  type RegisterRequest,
  registerRequestSchema,
} from '@agenthub/contracts';
import { Public } from '../common/auth.decorators.js';
import { type RequestMeta, ReqMeta } from '../common/request-meta.decorator.js';
import { ApiErrors, ZodBody, ZodResponse } from '../common/zod.decorators.js';
import { AuthService } from './auth.service.js';

@ApiTags('auth')
@Public()
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('register')
  @ApiOperation({ summary: 'Create an account (developer: true also grants the developer role)' })
  @ZodResponse(201, authResponseSchema, 'Account created, signed in')
  @ApiErrors(400, 409)
  register(@ZodBody(registerRequestSchema) body: RegisterRequest): Promise<AuthResponse> {
    return this.auth.register(body);
  }

  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with email and password' })
  @ZodResponse(200, authResponseSchema, 'Signed in')
  @ApiErrors(400, 401, 403, 429)
  login(
    @ZodBody(loginRequestSchema) body: LoginRequest,
    @ReqMeta() meta: RequestMeta,
  ): Promise<AuthResponse> {
    return this.auth.login(body, meta.ip);
  }

  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Exchange a refresh token for a new token pair (the old refresh token stops working)',
  })
  @ZodResponse(200, authResponseSchema, 'New token pair')
  @ApiErrors(400, 401)
  refresh(@ZodBody(refreshRequestSchema) body: RefreshRequest): Promise<AuthResponse> {
    return this.auth.refresh(body.refreshToken);
  }

  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'End the session of a refresh token' })
  @ZodResponse(204, null, 'Signed out')
  @ApiErrors(400)
  logout(@ZodBody(logoutRequestSchema) body: LogoutRequest): Promise<void> {
    return this.auth.logout(body.refreshToken);
  }
}
