import type { RetrievedChunk, WorkflowDefinitionInput } from '@agenthub/contracts';
import { compileWorkflow } from '../compiler/compile-workflow.js';
import type { KnowledgePort, KnowledgeSearchRequest } from '../knowledge/knowledge.port.js';
import { collectRun, runWorkflow } from '../run/run-workflow.js';

const chunk = (documentName: string, text: string, score: number): RetrievedChunk => ({
  index: 99,
  knowledgeBaseId: '8f0c2b1e-4c1a-4a51-9d5e-0d6f1b2a3c4d',
  documentId: `doc-${documentName}`,
  documentName,
  position: 0,
  score,
  text,
});

function fakeKnowledge(chunks: RetrievedChunk[]) {
  const requests: KnowledgeSearchRequest[] = [];
  const port: KnowledgePort = {
    search: async (request) => {
      requests.push(request);
      return chunks;
    },
  };
  return { port, requests };
}

const ragWorkflow = (config: Record<string, unknown>): WorkflowDefinitionInput => ({
  entry: 'kb',
  nodes: [
    {
      id: 'kb',
      type: 'retrieval',
      config: { knowledgeBaseIds: ['8f0c2b1e-4c1a-4a51-9d5e-0d6f1b2a3c4d'], ...config },
    },
    { id: 'out', type: 'answer', config: { text: 'Context:\n{{nodes.kb.output.context}}' } },
  ],
  edges: [
    { from: 'kb', to: 'out' },
    { from: 'out', to: '__end__' },
  ],
});

describe('retrieval executor', () => {
  it('renders the query, asks the port, numbers the passages and emits them as sources', async () => {
    const { port, requests } = fakeKnowledge([
      chunk('refunds.md', 'Refunds take 14 days.', 0.82),
      chunk('faq.md', 'Contact support by mail.', 0.4),
    ]);
    const compiled = compileWorkflow(ragWorkflow({ query: 'about: {{input}}', topK: 2 }), {
      knowledge: port,
    });
    const { events, done, text } = await collectRun(
      runWorkflow(compiled, { input: 'refunds', threadId: 't1' }),
    );

    expect(done?.status).toBe('completed');
    expect(requests).toEqual([
      {
        query: 'about: refunds',
        knowledgeBaseIds: ['8f0c2b1e-4c1a-4a51-9d5e-0d6f1b2a3c4d'],
        topK: 2,
        scoreThreshold: undefined,
      },
    ]);
    const sources = events.filter((e) => e.type === 'sources');
    expect(sources).toHaveLength(1);
    expect(sources[0].data).toMatchObject({
      nodeId: 'kb',
      chunks: [
        { index: 1, documentName: 'refunds.md', score: 0.82 },
        { index: 2, documentName: 'faq.md', score: 0.4 },
      ],
    });
    // The following node sees the numbered context string.
    expect(text).toBe(
      'Context:\n[1] refunds.md\nRefunds take 14 days.\n\n[2] faq.md\nContact support by mail.',
    );
  });

  it('emits no sources when nothing matched and leaves the context empty', async () => {
    const { port } = fakeKnowledge([]);
    const compiled = compileWorkflow(ragWorkflow({}), { knowledge: port });
    const { events, text } = await collectRun(runWorkflow(compiled, { input: 'anything', threadId: 't2' }));
    expect(events.some((e) => e.type === 'sources')).toBe(false);
    expect(text).toBe('Context:\n');
  });

  it('fails the node with knowledge_unavailable when no knowledge port is configured', async () => {
    const compiled = compileWorkflow(ragWorkflow({}));
    const { events, done } = await collectRun(runWorkflow(compiled, { input: 'q', threadId: 't3' }));
    expect(done?.status).toBe('failed');
    expect(events.find((e) => e.type === 'error')?.data).toMatchObject({ code: 'knowledge_unavailable' });
  });

  it('is rejected by validation without a knowledge base id', () => {
    expect(() => compileWorkflow(ragWorkflow({ knowledgeBaseIds: [] }))).toThrow(/invalid/);
  });
});
