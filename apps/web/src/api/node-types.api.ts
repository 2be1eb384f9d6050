import type {
  CreateNodeTypeRequest,
  NodeType,
  NodeTypeUsage,
  Page,
  UpdateNodeTypeRequest,
} from '@agenthub/contracts';
import { http } from './http-client';

const typePath = (typeName: string) => `/node-types/${encodeURIComponent(typeName)}`;

/** The node type catalog; writes and usage are admin-only. */
export const nodeTypesApi = {
  list: () => http.get<Page<NodeType>>('/node-types', { pageSize: 100 }),
  get: (typeName: string) => http.get<NodeType>(typePath(typeName)),
  usage: (typeName: string) => http.get<NodeTypeUsage>(`${typePath(typeName)}/usage`),
  create: (body: CreateNodeTypeRequest) => http.post<NodeType>('/node-types', body),
  update: (typeName: string, body: UpdateNodeTypeRequest) => http.put<NodeType>(typePath(typeName), body),
  remove: (typeName: string) => http.delete(typePath(typeName)),
};
