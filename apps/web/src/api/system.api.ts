import type { HealthReport, Page, RuntimeInstance, SystemSummary } from '@agenthub/contracts';
import { isApiError } from './api-error';
import { http } from './http-client';

/** Platform health and the processes that report heartbeats. */
export const systemApi = {
  /** The report also when a dependency is down (the API answers 503 with the same body). */
  health: async (): Promise<HealthReport | null> => {
    try {
      return await http.get<HealthReport>('/health', undefined, { auth: false });
    } catch (err) {
      if (isApiError(err) && err.status === 503) return null;
      throw err;
    }
  },
  /** Admin-only: platform processes, queue, last day's runs, configuration in force. */
  summary: () => http.get<SystemSummary>('/admin/system'),
  instances: () => http.get<Page<RuntimeInstance>>('/runtime-instances', { pageSize: 100 }),
};
