import type { ApiKeyList, CreateApiKeyRequest, CreatedApiKey } from '@agenthub/contracts';
import { http } from './http-client';

export const apiKeysApi = {
  list: () => http.get<ApiKeyList>('/me/api-keys'),
  create: (body: CreateApiKeyRequest) => http.post<CreatedApiKey>('/me/api-keys', body),
  revoke: (id: string) => http.delete(`/me/api-keys/${encodeURIComponent(id)}`),
};
