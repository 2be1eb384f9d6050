import { RUN_EVENT_TYPES, runEventDataSchemas, runEventSchema } from './events';

describe('run event union', () => {
  const examples = {
    run: { runId: 'r1', chatId: 'c1', messageId: 'm1', agentVersion: '1.0.0' },
    node: { nodeId: 'a', type: 'llm', status: 'finished', durationMs: 12, attempt: 1 },
    thought: { nodeId: 'a', content: 'hmm' },
    message: { delta: 'Hel' },
    tool: { nodeId: 'a', name: 'search', args: { q: 'x' }, status: 'finished', result: ['r'] },
    interrupt: {
      nodeId: 'h',
      prompt: 'Approve?',
      choices: [{ value: 'yes', label: 'Yes' }],
      allowFreeText: false,
    },
    sources: {
      nodeId: 'r',
      chunks: [
        {
          index: 1,
          knowledgeBaseId: 'kb',
          documentId: 'd',
          documentName: 'faq.md',
          position: 0,
          score: 0.8,
          text: 'Refunds take 5 days.',
        },
      ],
    },
    error: { code: 'node_failed', message: 'boom', nodeId: 'a' },
    done: {
      runId: 'r1',
      status: 'completed',
      usage: { promptTokens: 3, completionTokens: 4, costUsd: 0.01 },
    },
  } as const;

  it('has one data schema per event type and round-trips an example of each', () => {
    expect(Object.keys(runEventDataSchemas).sort()).toEqual([...RUN_EVENT_TYPES].sort());
    for (const type of RUN_EVENT_TYPES) {
      const event = { type, data: examples[type] };
      const parsed = runEventSchema.parse(JSON.parse(JSON.stringify(event)));
      expect(parsed).toEqual(event);
    }
  });

  it('defaults costUsd in done and rejects unknown types, statuses and negative usage', () => {
    const done = runEventSchema.parse({
      type: 'done',
      data: { runId: 'r', status: 'paused', usage: { promptTokens: 0, completionTokens: 0 } },
    });
    expect(done).toMatchObject({ data: { usage: { costUsd: 0 } } });
    expect(runEventSchema.safeParse({ type: 'progress', data: {} }).success).toBe(false);
    expect(
      runEventSchema.safeParse({ type: 'done', data: { ...examples.done, status: 'exploded' } }).success,
    ).toBe(false);
    expect(
      runEventSchema.safeParse({
        type: 'done',
        data: { ...examples.done, usage: { promptTokens: -1, completionTokens: 0 } },
      }).success,
    ).toBe(false);
    expect(
      runEventSchema.safeParse({ type: 'node', data: { nodeId: 'a', type: 'llm', status: 'running' } })
        .success,
    ).toBe(false);
    expect(runEventSchema.safeParse({ type: 'message', data: {} }).success).toBe(false);
  });
});
