import type {
  AddTextDocumentInput,
  AddUrlDocumentInput,
  CreateKnowledgeBaseInput,
  KnowledgeBase,
  KnowledgeDocument,
  Page,
  RetrievalQuery,
  RetrievalResult,
} from '@agenthub/contracts';
import { http } from './http-client';

const base = (id: string) => `/knowledge-bases/${encodeURIComponent(id)}`;

export const knowledgeApi = {
  list: (page = 1, pageSize = 100) => http.get<Page<KnowledgeBase>>('/knowledge-bases', { page, pageSize }),
  get: (id: string) => http.get<KnowledgeBase>(base(id)),
  create: (body: CreateKnowledgeBaseInput) => http.post<KnowledgeBase>('/knowledge-bases', body),
  remove: (id: string) => http.delete(base(id)),
  documents: (id: string) =>
    http.get<Page<KnowledgeDocument>>(`${base(id)}/documents`, { page: 1, pageSize: 100 }),
  addText: (id: string, body: AddTextDocumentInput) =>
    http.post<KnowledgeDocument>(`${base(id)}/documents/text`, body),
  addUrl: (id: string, body: AddUrlDocumentInput) =>
    http.post<KnowledgeDocument>(`${base(id)}/documents/url`, body),
  /** Multipart upload; `onProgress` reports bytes sent / total. */
  upload: (id: string, file: File, onProgress?: (loaded: number, total: number) => void) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return http.upload<KnowledgeDocument>(`${base(id)}/documents/file`, form, onProgress);
  },
  /** The stored original (owner only), as a blob to save. */
  download: (id: string, documentId: string) =>
    http.blob(`${base(id)}/documents/${encodeURIComponent(documentId)}/file`),
  reindex: (id: string, documentId: string) =>
    http.post<KnowledgeDocument>(`${base(id)}/documents/${encodeURIComponent(documentId)}/reindex`),
  removeDocument: (id: string, documentId: string) =>
    http.delete(`${base(id)}/documents/${encodeURIComponent(documentId)}`),
  retrieve: (id: string, body: RetrievalQuery) => http.post<RetrievalResult>(`${base(id)}/retrieve`, body),
};
