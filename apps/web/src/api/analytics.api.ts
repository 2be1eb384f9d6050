import type { AgentAnalytics } from '@agenthub/contracts';
import { http } from './http-client';

/** `GET /api/agents/:id/analytics` (owner or admin). */
export const analyticsApi = {
  get: (agentId: string, range: { from: string; to: string }) =>
    http.get<AgentAnalytics>(`/agents/${encodeURIComponent(agentId)}/analytics`, { ...range, bucket: 'day' }),
};
