import type { NodeType, Page } from '@agenthub/contracts';
import { http } from './http-client';

/** The node type catalog (`/api/node-types`): the Studio palette. */
export const nodeTypesApi = {
  /** Every node type in one page (the API allows up to 100 a page, the palette's whole need). */
  list: () => http.get<Page<NodeType>>('/node-types', { pageSize: 100 }),
};
