/**
 * Knowledge bases: ingestion throughput, retrieval latency at 10k and 100k chunks, and recall@10
 * of the hybrid search on a generated labelled set — through the real app and Postgres.
 *
 * Run (needs the local Postgres of the tests; a few minutes at 100k chunks):
 *   pnpm --filter @agenthub/api exec jest --runInBand --roots '<rootDir>/bench' \
 *     --testRegex 'knowledge\.bench\.ts$' --testTimeout 1800000
 * Env: KNOWLEDGE_BENCH_SIZES (default "10000,100000"), KNOWLEDGE_BENCH_QUERIES (default 40),
 * KNOWLEDGE_BENCH_INGEST_CHUNKS (default 1000).
 * Prints a table and writes bench-results/knowledge.json at the repository root.
 */
import type { KnowledgeDocument } from '@agenthub/contracts';
import { hashingEmbedding } from '@agenthub/engine';
import { type MockOpenAIServer, startMockOpenAI } from '@agenthub/testkit';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { KnowledgeSearch } from '../src/knowledge/knowledge-search.service';
import { KnowledgeRepository } from '../src/knowledge/knowledge.repository';
import { KnowledgeVectorStore } from '../src/knowledge/search/vector-store.port';
import { createChatCast, createChatTestApp, useMockAsDefaultLlm } from '../test/chat/chat-test.fixtures';
import type { TestApp, TestUser } from '../test/helpers/test-app';
import { auth, createBase, settledDocument } from '../test/knowledge/knowledge-test.helpers';

const SIZES = (process.env.KNOWLEDGE_BENCH_SIZES ?? '10000,100000').split(',').map(Number);
const QUERIES = Number(process.env.KNOWLEDGE_BENCH_QUERIES ?? 40);
const INGEST_CHUNKS = Number(process.env.KNOWLEDGE_BENCH_INGEST_CHUNKS ?? 1000);

const WORDS = (
  'customer service travel legal tutor search summary email research finance health music recipe fitness ' +
  'garden story poem resume interview contract invoice budget stock weather news sports movie chess math ' +
  'physics chemistry history geography language grammar essay slide chart design photo video kettle ' +
  'warranty parcel refund shipping office printer network password account billing holiday'
).split(' ');
const ZH = '会员退款发票物流客服旅行合同预算天气新闻体育电影数学历史语言设计'.match(/../g)!;

/** Deterministic pseudo-random numbers (LCG), so every run generates the same corpus. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/** Filler chunk `i`: 30 vocabulary words, every fifth chunk with a Chinese phrase. */
function fillerText(i: number, next: () => number): string {
  const words = Array.from({ length: 30 }, () => WORDS[Math.floor(next() * WORDS.length)]);
  if (i % 5 === 0) words.push(ZH[i % ZH.length] + ZH[(i * 7) % ZH.length]);
  return words.join(' ');
}

/**
 * The labelled set: fact `j` names a made-up product and its property in one chunk; its query
 * asks with other word forms (plural/verb forms that only stemming matches) and one shared word.
 */
function fact(j: number): { text: string; query: string } {
  const product = `zorblax${j}`;
  return {
    text: `The ${product} blender ships with stainless blades and its warranty covers repairs for three years.`,
    query: `is repairing covered for the ${product} blenders`,
  };
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

async function ingest(t: TestApp, owner: TestUser, baseId: string, label: string) {
  const next = rng(7);
  const text = Array.from({ length: INGEST_CHUNKS }, (_, i) => `## Part ${i}\n\n${fillerText(i, next)}`).join(
    '\n\n',
  );
  const started = performance.now();
  const res = await t
    .http()
    .post(`/api/knowledge-bases/${baseId}/documents/text`)
    .set(auth(owner))
    .send({ name: `${label}.md`, text });
  const doc: KnowledgeDocument = await settledDocument(t, owner, baseId, res.body.id as string);
  const seconds = (performance.now() - started) / 1000;
  if (doc.status !== 'indexed') throw new Error(`ingestion failed: ${JSON.stringify(doc.error)}`);
  return {
    embedding: label,
    chunks: doc.progress.total,
    seconds: round(seconds, 2),
    chunksPerSecond: round(doc.progress.total / seconds),
  };
}

/** Inserts `total` chunks (with `facts` labelled ones spread through them) straight into a base. */
async function seedChunks(t: TestApp, baseId: string, total: number, facts: number): Promise<void> {
  const repo = t.app.get(KnowledgeRepository);
  const next = rng(total);
  const perDoc = 5000;
  for (let d = 0; d * perDoc < total; d++) {
    const doc = await repo.createDocument({
      knowledgeBaseId: baseId,
      name: `corpus-${d}.md`,
      source: 'text',
      mimeType: 'text/markdown',
      sizeBytes: 0,
      contentHash: `bench-${total}-${d}`,
      status: 'indexed',
      tags: [`part${d % 4}`],
    });
    const n = Math.min(perDoc, total - d * perDoc);
    for (let from = 0; from < n; from += 1000) {
      const rows = Array.from({ length: Math.min(1000, n - from) }, (_, k) => {
        const i = d * perDoc + from + k;
        const isFact = i % Math.floor(total / facts) === 0 && i / Math.floor(total / facts) < facts;
        const text = isFact ? fact(i / Math.floor(total / facts)).text : fillerText(i, next);
        return { position: from + k, text, embedding: hashingEmbedding(text) };
      });
      await repo.insertChunks(baseId, doc.id, rows);
    }
  }
  await t.db.query(`ANALYZE knowledge_chunks`);
}

describe('knowledge bench', () => {
  let t: TestApp;
  let llm: MockOpenAIServer;
  const results: Record<string, unknown> = {};

  beforeAll(async () => {
    t = await createChatTestApp();
    llm = await startMockOpenAI();
  });
  afterAll(async () => {
    await llm.close();
    await t.close();
  });

  it('measures ingestion, retrieval latency and recall@10', async () => {
    const cast = await createChatCast(t);
    await useMockAsDefaultLlm(t, cast.admin, llm);
    const configs = await t.http().get('/api/service-configs').set(auth(cast.admin));
    const configId = (configs.body.items as Array<{ id: string; name: string }>).find(
      (x) => x.name === 'Mock LLM',
    )!.id;
    const chunking = { chunkSize: 400, chunkOverlap: 0 };
    const demoBase = await createBase(t, cast.owner, { name: 'Ingest demo', chunking });
    const mockBase = await createBase(t, cast.owner, {
      name: 'Ingest mock',
      chunking,
      embedding: { serviceConfigId: configId, model: 'embed-1' },
    });
    const ingestion = [
      await ingest(t, cast.owner, demoBase, 'demo hashing-512'),
      await ingest(t, cast.owner, mockBase, 'mock /v1/embeddings'),
    ];

    const search = t.app.get(KnowledgeSearch);
    const repo = t.app.get(KnowledgeRepository);
    const store = t.app.get(KnowledgeVectorStore);
    const retrieval: Array<Record<string, unknown>> = [];
    const recall: Array<Record<string, unknown>> = [];
    for (const size of SIZES) {
      const baseId = await createBase(t, cast.owner, { name: `Bench ${size}`, chunking });
      const facts = QUERIES;
      await seedChunks(t, baseId, size, facts);
      const base = (await repo.findBaseById(baseId))!;
      for (const [mode, hybridWeight] of [
        ['vector only', 0],
        ['hybrid (0.3)', 0.3],
      ] as const) {
        const times: number[] = [];
        let found = 0;
        for (let j = 0; j < facts; j++) {
          const { text, query } = fact(j);
          const started = performance.now();
          const chunks = await search.search([base], query, { topK: 10, hybridWeight });
          times.push(performance.now() - started);
          if (chunks.some((c) => c.text === text)) found++;
        }
        times.sort((a, b) => a - b);
        retrieval.push({
          adapter: store.name,
          chunks: size,
          mode,
          p50Ms: round(percentile(times, 50)),
          p95Ms: round(percentile(times, 95)),
        });
        recall.push({ chunks: size, mode, queries: facts, recallAt10: round(found / facts, 3) });
      }
      const textOnly = await Promise.all(
        Array.from({ length: facts }, (_, j) =>
          search.search([base], fact(j).query, { topK: 10, hybridWeight: 1 }),
        ),
      );
      recall.push({
        chunks: size,
        mode: 'full text only',
        queries: facts,
        recallAt10: round(
          textOnly.filter((cs, j) => cs.some((c) => c.text === fact(j).text)).length / facts,
          3,
        ),
      });
    }

    console.table(ingestion);
    console.table(retrieval);
    console.table(recall);
    Object.assign(results, {
      machine: { cpus: cpus().length, node: process.version },
      ingestion,
      retrieval,
      recall,
      goal: 'p95 <= 50 ms at 100k chunks',
    });
    const dir = join(__dirname, '..', '..', '..', 'bench-results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'knowledge.json'), JSON.stringify(results, null, 2) + '\n');
    expect(ingestion.every((r) => r.chunks > 0)).toBe(true);
  });
});
