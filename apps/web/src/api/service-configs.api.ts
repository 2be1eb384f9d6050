import type { Page, ServiceConfig } from '@agenthub/contracts';
import { http } from './http-client';

export interface ServiceConfigSearchParams {
  serviceType?: string;
  q?: string;
  page?: number;
  pageSize?: number;
}

/** Service configs the signed-in user may use (`/api/service-configs`): platform ones and their own. */
export const serviceConfigsApi = {
  list: (params: ServiceConfigSearchParams = {}, signal?: AbortSignal) =>
    http.get<Page<ServiceConfig>>('/service-configs', { pageSize: 100, ...params }, { signal }),
};
