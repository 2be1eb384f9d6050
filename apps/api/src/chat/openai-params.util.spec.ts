import { openAiChatRequestSchema } from '@agenthub/contracts';
import { assertSupportedOpenAiParams, openAiModelParams } from './openai-params.util';

const base = { model: 'm', messages: [{ role: 'user' as const, content: 'hi' }] };

describe('openAiModelParams', () => {
  it('replaces the agent parameters with the request ones and clamps max_tokens to the agent ceiling', () => {
    expect(
      openAiModelParams(
        { ...base, temperature: 0.1, top_p: 0.5, max_tokens: 500, stop: 'END' },
        { temperature: 0.9, maxTokens: 100 },
      ),
    ).toEqual({ temperature: 0.1, topP: 0.5, maxTokens: 100, stop: ['END'] });
  });

  it('keeps the agent parameters when the request sends none, and takes the smaller token limit', () => {
    expect(openAiModelParams({ ...base, temperature: null }, { temperature: 0.9 })).toEqual({
      temperature: 0.9,
    });
    expect(
      openAiModelParams({ ...base, max_tokens: 40, max_completion_tokens: 30, stop: ['a', 'b'] }, {}),
    ).toEqual({
      maxTokens: 30,
      stop: ['a', 'b'],
    });
  });
});

describe('the /v1 request schema', () => {
  it.each([
    ['temperature', { temperature: 2.5 }],
    ['top_p', { top_p: -0.1 }],
    ['max_tokens', { max_tokens: 0 }],
    ['max_tokens', { max_tokens: 1.5 }],
    ['stop', { stop: ['a', 'b', 'c', 'd', 'e'] }],
  ])('refuses an out-of-range %s with its path', (field, extra) => {
    const result = openAiChatRequestSchema.safeParse({ ...base, ...extra });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path[0]).toBe(field);
  });
});

describe('assertSupportedOpenAiParams', () => {
  it('accepts the defaults OpenAI clients send', () => {
    expect(() =>
      assertSupportedOpenAiParams({
        ...base,
        n: 1,
        tools: [],
        logprobs: false,
        response_format: { type: 'text' },
        presence_penalty: 0,
        user: 'u1',
      }),
    ).not.toThrow();
  });

  it('refuses values it cannot honour as unsupported_parameter, naming every field', () => {
    let error: unknown;
    try {
      assertSupportedOpenAiParams({
        ...base,
        n: 2,
        tools: [{ type: 'function', function: { name: 'f' } }],
        logprobs: true,
        response_format: { type: 'json_object' },
      });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ status: 400, code: 'unsupported_parameter' });
    expect((error as { details: Array<{ path: string }> }).details.map((d) => d.path)).toEqual([
      'body.n',
      'body.tools',
      'body.logprobs',
      'body.response_format',
    ]);
  });
});
