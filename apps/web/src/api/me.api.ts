import type { UpdateMeRequest, User } from '@agenthub/contracts';
import { http } from './http-client';

export const meApi = {
  get: () => http.get<User>('/me'),
  update: (body: UpdateMeRequest) => http.patch<User>('/me', body),
};
