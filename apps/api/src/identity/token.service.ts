import { createSecretKey, type KeyObject } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ErrorCodes } from '@agenthub/contracts';
import jwt from 'jsonwebtoken';
import { AppConfig } from '../config/app-config.js';
import { DomainError } from '../common/domain-error.js';

const ISSUER = 'agenthub';
const AUDIENCE = 'agenthub-api';

export interface AccessTokenClaims {
  /** User id. */
  sub: string;
  /** Refresh-token family (the login session) this access token belongs to. */
  sid?: string;
}

/** Short-lived HS256 access tokens. They carry no roles: the guard reads them fresh each request. */
@Injectable()
export class TokenService {
  /**
   * The signing secret as a key object, prepared once: given a Buffer, jsonwebtoken tries to parse
   * it as a PEM public/private key (and throws) before wrapping it as a secret, on every call.
   */
  private readonly key: KeyObject;

  constructor(private readonly config: AppConfig) {
    this.key = createSecretKey(config.jwtSigningKey);
  }

  get accessTtlSec(): number {
    return this.config.jwtAccessTtlSec;
  }

  signAccessToken(claims: AccessTokenClaims): string {
    return jwt.sign({ typ: 'access', ...(claims.sid ? { sid: claims.sid } : {}) }, this.key, {
      algorithm: 'HS256',
      subject: claims.sub,
      expiresIn: this.config.jwtAccessTtlSec,
      issuer: ISSUER,
      audience: AUDIENCE,
    });
  }

  verifyAccessToken(token: string): AccessTokenClaims {
    let payload: jwt.JwtPayload | string;
    try {
      payload = jwt.verify(token, this.key, {
        algorithms: ['HS256'],
        issuer: ISSUER,
        audience: AUDIENCE,
      });
    } catch (err) {
      if (err instanceof jwt.TokenExpiredError)
        throw DomainError.unauthorized(ErrorCodes.tokenExpired, 'Access token expired');
      throw DomainError.unauthorized(ErrorCodes.invalidToken, 'Invalid access token');
    }
    if (typeof payload === 'string' || payload.typ !== 'access' || typeof payload.sub !== 'string') {
      throw DomainError.unauthorized(ErrorCodes.invalidToken, 'Invalid access token');
    }
    return { sub: payload.sub, sid: typeof payload.sid === 'string' ? payload.sid : undefined };
  }
}
