import type {
  AgentRatingPage,
  InstallState,
  LibraryPage,
  RateAgentRequest,
  RateAgentResult,
  RecommendationList,
  StoreAgentDetail,
  StoreAgentPage,
  StoreCategoryTree,
  StoreSort,
} from '@agenthub/contracts';
import { http } from './http-client';

export interface StoreSearchParams {
  q?: string;
  category?: string;
  tags?: readonly string[];
  sort?: StoreSort;
  page?: number;
  pageSize?: number;
}

const agentPath = (id: string) => `/store/agents/${encodeURIComponent(id)}`;

export const storeApi = {
  search: ({ tags, ...rest }: StoreSearchParams, signal?: AbortSignal) =>
    http.get<StoreAgentPage>(
      '/store/agents',
      { ...rest, tags: tags?.length ? tags.join(',') : undefined },
      { signal },
    ),
  detail: (idOrSlug: string) => http.get<StoreAgentDetail>(agentPath(idOrSlug)),
  categories: () => http.get<StoreCategoryTree>('/store/categories'),
  recommendations: (limit = 6) => http.get<RecommendationList>('/store/recommendations', { limit }),
  install: (id: string) => http.post<InstallState>(`${agentPath(id)}/install`),
  uninstall: (id: string) => http.delete<InstallState>(`${agentPath(id)}/install`),
  ratings: (id: string, query: { page: number; pageSize: number }) =>
    http.get<AgentRatingPage>(`${agentPath(id)}/ratings`, { ...query }),
  rate: (id: string, body: RateAgentRequest) => http.post<RateAgentResult>(`${agentPath(id)}/ratings`, body),
  library: (query: { page: number; pageSize: number }) => http.get<LibraryPage>('/me/agents', { ...query }),
};
