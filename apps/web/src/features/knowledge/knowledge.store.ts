import { ref } from 'vue';
import { defineStore } from 'pinia';
import type { KnowledgeBase, KnowledgeDocument, RetrievedChunk } from '@agenthub/contracts';
import { knowledgeApi } from '@/api/knowledge.api';
import { forgetDownloadableBases } from './downloadable-bases';
import { UPLOAD_CONCURRENCY, type UploadItem, eachLimited, rejectReason } from './upload-queue';

/** A file chosen or dropped in the browser. */
export type UploadFile = File;

export const isSettling = (d: KnowledgeDocument) => d.status === 'queued' || d.status === 'processing';

/** Knowledge bases of the signed-in developer, and the documents of the one that is open. */
export const useKnowledgeStore = defineStore('knowledge', () => {
  const bases = ref<KnowledgeBase[]>([]);
  const current = ref<KnowledgeBase | null>(null);
  const documents = ref<KnowledgeDocument[]>([]);
  const hits = ref<RetrievedChunk[] | null>(null);
  const loading = ref(false);
  /** Files of the current upload session with their upload progress (ingestion is in `documents`). */
  const uploads = ref<UploadItem[]>([]);
  let uploadSeq = 0;

  async function loadBases() {
    loading.value = true;
    try {
      bases.value = (await knowledgeApi.list()).items;
    } finally {
      loading.value = false;
    }
  }

  async function createBase(input: {
    name: string;
    description: string;
    chunkSize: number;
    chunkOverlap: number;
    topK: number;
  }) {
    const created = await knowledgeApi.create({
      name: input.name,
      description: input.description,
      chunking: { chunkSize: input.chunkSize, chunkOverlap: input.chunkOverlap },
      retrieval: { topK: input.topK, scoreThreshold: 0 },
    });
    bases.value = [created, ...bases.value];
    forgetDownloadableBases();
    return created;
  }

  async function removeBase(id: string) {
    await knowledgeApi.remove(id);
    bases.value = bases.value.filter((b) => b.id !== id);
    forgetDownloadableBases();
  }

  async function open(id: string) {
    hits.value = null;
    if (current.value?.id !== id) uploads.value = [];
    const [base, docs] = await Promise.all([knowledgeApi.get(id), knowledgeApi.documents(id)]);
    current.value = base;
    documents.value = docs.items;
  }

  /** Reloads the open base and its documents (progress while some are still being indexed). */
  async function refresh() {
    if (current.value) await open(current.value.id).then(() => undefined);
  }

  function upsert(doc: KnowledgeDocument) {
    documents.value = [doc, ...documents.value.filter((d) => d.id !== doc.id)];
  }

  /**
   * Uploads several files: each is checked in the browser first (type, size), then sent with its
   * own progress; a failure (the server's message) stays on that file and does not stop the others.
   */
  async function uploadFiles(files: UploadFile[]) {
    const kbId = current.value!.id;
    const items = files.map((file) => {
      const reason = rejectReason(file);
      const item: UploadItem = {
        key: `u${++uploadSeq}`,
        name: file.name,
        size: file.size,
        loaded: 0,
        state: reason ? 'rejected' : 'uploading',
        ...(reason ? { reason } : {}),
      };
      uploads.value = [...uploads.value, item];
      return { file, key: item.key, reason };
    });
    const patch = (key: string, change: Partial<UploadItem>) => {
      uploads.value = uploads.value.map((u) => (u.key === key ? { ...u, ...change } : u));
    };
    await eachLimited(
      items.filter((i) => !i.reason),
      UPLOAD_CONCURRENCY,
      async ({ file, key }) => {
        try {
          const doc = await knowledgeApi.upload(kbId, file, (loaded) => patch(key, { loaded }));
          patch(key, { state: 'uploaded', loaded: file.size });
          if (current.value?.id === kbId) upsert(doc);
        } catch (error) {
          patch(key, { state: 'failed', error });
        }
      },
    );
  }
  function dismissUpload(key: string) {
    uploads.value = uploads.value.filter((u) => u.key !== key);
  }
  async function download(documentId: string) {
    return knowledgeApi.download(current.value!.id, documentId);
  }
  async function addText(name: string, text: string) {
    upsert(await knowledgeApi.addText(current.value!.id, { name, text }));
  }
  async function addUrl(url: string) {
    upsert(await knowledgeApi.addUrl(current.value!.id, { url }));
  }
  async function reindex(documentId: string) {
    upsert(await knowledgeApi.reindex(current.value!.id, documentId));
  }
  async function removeDocument(documentId: string) {
    await knowledgeApi.removeDocument(current.value!.id, documentId);
    documents.value = documents.value.filter((d) => d.id !== documentId);
  }
  async function retrieve(query: string) {
    hits.value = (await knowledgeApi.retrieve(current.value!.id, { query })).chunks;
  }

  return {
    bases,
    current,
    documents,
    hits,
    loading,
    loadBases,
    createBase,
    removeBase,
    open,
    refresh,
    uploads,
    uploadFiles,
    dismissUpload,
    download,
    addText,
    addUrl,
    reindex,
    removeDocument,
    retrieve,
  };
});
