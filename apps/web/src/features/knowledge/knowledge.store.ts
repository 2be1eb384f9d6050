import { ref } from 'vue';
import { defineStore } from 'pinia';
import type { KnowledgeBase, KnowledgeDocument, RetrievedChunk } from '@agenthub/contracts';
import { knowledgeApi } from '@/api/knowledge.api';

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
    return created;
  }

  async function removeBase(id: string) {
    await knowledgeApi.remove(id);
    bases.value = bases.value.filter((b) => b.id !== id);
  }

  async function open(id: string) {
    hits.value = null;
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

  async function upload(file: File) {
    upsert(await knowledgeApi.upload(current.value!.id, file));
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
    upload,
    addText,
    addUrl,
    reindex,
    removeDocument,
    retrieve,
  };
});
