import type { RetrievedChunk } from '@agenthub/contracts';
import { EngineError } from '../engine-error.js';
import { optNum, str } from './config.util.js';
import type { Executor } from './executor.types.js';

/** The `retrieval` node's output: `{{nodes.<id>.output.context}}` is the numbered passages. */
export interface RetrievalOutput {
  context: string;
  chunks: RetrievedChunk[];
}

/** Numbered passages for a following llm node's prompt (the numbers match the citations). */
export function formatRetrievalContext(chunks: readonly RetrievedChunk[]): string {
  return chunks.map((c) => `[${c.index}] ${c.documentName}\n${c.text}`).join('\n\n');
}

export const retrievalExecutor: Executor = async (ctx) => {
  const query = ctx.render(str(ctx.config, 'query', '{{input}}')).trim();
  const ids = ctx.config.knowledgeBaseIds;
  const knowledgeBaseIds = Array.isArray(ids) ? ids.filter((v): v is string => typeof v === 'string') : [];
  if (knowledgeBaseIds.length === 0)
    throw new EngineError('config_invalid', 'The retrieval node needs at least one knowledge base');
  if (!query) return { output: { context: '', chunks: [] } satisfies RetrievalOutput };
  const chunks = await ctx.searchKnowledge({
    query,
    knowledgeBaseIds,
    topK: optNum(ctx.config, 'topK'),
    scoreThreshold: optNum(ctx.config, 'scoreThreshold'),
  });
  const numbered = chunks.map((c, i) => ({ ...c, index: i + 1 }));
  if (numbered.length > 0) ctx.emit({ type: 'sources', data: { nodeId: ctx.node.id, chunks: numbered } });
  const output: RetrievalOutput = { context: formatRetrievalContext(numbered), chunks: numbered };
  return { output };
};
