import { Injectable } from '@nestjs/common';
import {
  API_KEY_PREFIX,
  type ApiKey,
  type ApiKeyList,
  type CreatedApiKey,
  ErrorCodes,
} from '@agenthub/contracts';
import type { AuthUser } from '../common/auth.decorators.js';
import { randomToken, sha256Hex } from '../common/crypto.util.js';
import { DomainError } from '../common/domain-error.js';
import { assertOwned } from '../common/ownership.util.js';
import type { RequestMeta } from '../common/request-meta.decorator.js';
import type { ApiKeyEntity } from './api-key.entity.js';
import { ApiKeyRepository } from './api-key.repository.js';
import { AuditService } from './audit.service.js';

/** Enough to recognise a key in a list, far too little to guess the rest (43 random characters). */
const VISIBLE_PREFIX_LENGTH = API_KEY_PREFIX.length + 8;
const MAX_ACTIVE_KEYS_PER_USER = 50;
const LAST_USED_RESOLUTION_MS = 60_000;

export function generateApiKey(): string {
  return `${API_KEY_PREFIX}${randomToken(32)}`;
}

function toApiKeyDto(key: ApiKeyEntity): ApiKey {
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    createdAt: key.createdAt.toISOString(),
    lastUsedAt: key.lastUsedAt ? key.lastUsedAt.toISOString() : null,
  };
}

@Injectable()
export class ApiKeyService {
  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly audit: AuditService,
  ) {}

  async list(user: AuthUser): Promise<ApiKeyList> {
    return { items: (await this.keys.listActiveForUser(user.id)).map(toApiKeyDto) };
  }

  /** The only time the full key is returned: it is stored as a hash. */
  async create(user: AuthUser, name: string, meta: RequestMeta): Promise<CreatedApiKey> {
    if ((await this.keys.countActiveForUser(user.id)) >= MAX_ACTIVE_KEYS_PER_USER) {
      throw DomainError.unprocessable(
        ErrorCodes.apiKeyLimitReached,
        `You can have at most ${MAX_ACTIVE_KEYS_PER_USER} API keys; revoke one first`,
      );
    }
    const key = generateApiKey();
    const saved = await this.keys.create({
      userId: user.id,
      name,
      prefix: key.slice(0, VISIBLE_PREFIX_LENGTH),
      keyHash: sha256Hex(key),
    });
    await this.audit.record({
      actorId: user.id,
      action: 'api_key.created',
      targetType: 'api_key',
      targetId: saved.id,
      metadata: { name, prefix: saved.prefix },
      ...meta,
    });
    return { ...toApiKeyDto(saved), key };
  }

  async revoke(user: AuthUser, id: string, meta: RequestMeta): Promise<void> {
    const key = await this.keys.findActiveById(id);
    assertOwned(key, user, { ownerKey: 'userId', what: 'API key' });
    await this.keys.revoke(key.id);
    await this.audit.record({
      actorId: user.id,
      action: 'api_key.revoked',
      targetType: 'api_key',
      targetId: key.id,
      metadata: { name: key.name, prefix: key.prefix },
      ...meta,
    });
  }

  /** Resolves a presented key to its owner's id, or null when unknown or revoked. */
  async resolve(presented: string): Promise<{ keyId: string; userId: string } | null> {
    const key = await this.keys.findActiveByHash(sha256Hex(presented));
    if (!key) return null;
    if (!key.lastUsedAt || Date.now() - key.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
      await this.keys.touchLastUsed(key.id);
    }
    return { keyId: key.id, userId: key.userId };
  }
}
