import type { RunEvent } from '@agenthub/contracts';
import { openAiChunkFrames } from './openai-stream.util';

async function* source(events: RunEvent[]) {
  yield* events;
}

async function framesOf(events: RunEvent[], includeUsage: boolean): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const text of openAiChunkFrames(source(events), 'helper@1.0.0', includeUsage)) {
    expect(text).toMatch(/^data: \{.*\}\n\n$/);
    out.push(JSON.parse(text.slice('data: '.length)));
  }
  return out;
}

const run: RunEvent = { type: 'run', data: { runId: 'r1', agentVersion: '1.0.0' } } as RunEvent;
const done: RunEvent = {
  type: 'done',
  data: { runId: 'r1', status: 'completed', usage: { promptTokens: 3, completionTokens: 4, costUsd: 0 } },
};

describe('openAiChunkFrames', () => {
  it('maps a run to OpenAI chunks: role, content, stop, usage; steps are left out', async () => {
    const frames = await framesOf(
      [
        run,
        { type: 'thought', data: { nodeId: 'a', content: 'hmm' } },
        { type: 'message', data: { delta: 'Hi' } },
        done,
        { type: 'message', data: { delta: 'after done' } },
      ],
      true,
    );
    const base = { id: 'chatcmpl-r1', object: 'chat.completion.chunk', model: 'helper@1.0.0', usage: null };
    expect(frames).toMatchObject([
      { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] },
      { ...base, choices: [{ index: 0, delta: { content: 'Hi' }, finish_reason: null }] },
      { ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] },
      { id: 'chatcmpl-r1', choices: [], usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 } },
    ]);
  });

  it('has no usage fields without include_usage, and an error object for a failure', async () => {
    const frames = await framesOf(
      [run, { type: 'error', data: { code: 'node_failed', message: 'boom' } }, done],
      false,
    );
    expect(frames).toHaveLength(3);
    expect(frames[0]).not.toHaveProperty('usage');
    expect(frames[1]).toEqual({
      error: { message: 'boom', type: 'server_error', param: null, code: 'node_failed' },
    });
  });
});
