import type { Category, CreateCategoryRequest, UpdateCategoryRequest } from '@agenthub/contracts';
import { http } from './http-client';

const categoryPath = (id: string) => `/categories/${encodeURIComponent(id)}`;

/** Admin writes to the agent category tree (read it with `agentsApi.categories`). */
export const categoriesApi = {
  create: (body: CreateCategoryRequest) => http.post<Category>('/categories', body),
  update: (id: string, body: UpdateCategoryRequest) => http.put<Category>(categoryPath(id), body),
  remove: (id: string) => http.delete(categoryPath(id)),
};
