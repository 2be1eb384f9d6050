import {
  type CallableAgent,
  inputSchemaOf,
  parseArguments,
  structuredOutputOf,
  toolErrorOf,
  toolNameOf,
  toolResultOf,
  toolsOf,
  TOOL_NAME_MAX,
} from './mcp-tool.rules';

const agent = (over: Partial<CallableAgent> = {}): CallableAgent => ({
  agentId: '11111111-1111-4111-8111-111111111111',
  slug: 'helper',
  name: 'Helper',
  description: 'Helps.',
  variables: {},
  ...over,
});
const CONVERSATION = '22222222-2222-4222-8222-222222222222';

describe('tool names', () => {
  it('keeps valid slugs and replaces characters MCP tool names do not allow', () => {
    expect(toolNameOf('support-bot_2.0')).toBe('support-bot_2.0');
    expect(toolNameOf('客服 bot/x')).toBe('___bot_x');
    expect(toolNameOf('a'.repeat(200))).toHaveLength(TOOL_NAME_MAX);
    expect(toolNameOf('')).toBe('agent');
  });

  it('gives every agent a unique name, in slug order', () => {
    const tools = toolsOf([agent({ slug: 'b c' }), agent({ slug: 'b_c' }), agent({ slug: 'a' })]);
    expect(tools.map((t) => t.name)).toEqual(['a', 'b_c', 'b_c_2']);
  });

  it('falls back to a description naming the agent', () => {
    expect(toolsOf([agent({ description: ' ' })])[0]!.description).toBe(
      'Chat with the AgentHub agent "Helper".',
    );
  });
});

describe('input schema', () => {
  it('is message + conversationId, plus declared variables (reserved names skipped)', () => {
    const schema = inputSchemaOf(
      agent({
        variables: {
          tone: { type: 'string', default: 'plain', description: 'Tone' },
          count: { type: 'number' },
          data: { type: 'json' },
          message: { type: 'number' },
        },
      }),
    );
    expect(schema.required).toEqual(['message']);
    expect(schema.properties).toEqual({
      message: expect.objectContaining({ type: 'string' }),
      conversationId: expect.objectContaining({ type: 'string' }),
      tone: { type: 'string', default: 'plain', description: 'Tone' },
      count: { type: 'number' },
      data: {},
    });
  });
});

describe('parseArguments', () => {
  const a = agent({ variables: { tone: { type: 'string' }, n: { type: 'number' }, j: { type: 'json' } } });

  it('reads message, conversationId and variables', () => {
    expect(parseArguments(a, { message: 'hi', conversationId: CONVERSATION, tone: 'x', j: [1] })).toEqual({
      ok: true,
      value: { message: 'hi', conversationId: CONVERSATION, vars: { tone: 'x', j: [1] } },
    });
  });

  it('lists every problem with its path', () => {
    const r = parseArguments(a, { message: ' ', conversationId: 'nope', n: 'three' });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems.map((p) => p.path)).toEqual([
      'arguments.message',
      'arguments.conversationId',
      'arguments.n',
    ]);
    expect(parseArguments(a, undefined).ok).toBe(false);
  });
});

describe('results', () => {
  const base = { runId: 'r1', conversationId: CONVERSATION, text: 'Hello' };

  it('a completed run gives its text, the conversation id and structured output when the answer is an object', () => {
    const r = toolResultOf('helper', { ...base, status: 'completed' });
    expect(r.isError).toBeUndefined();
    expect(r.content[0]!.text).toBe('Hello');
    expect(r.content[1]!.text).toContain(CONVERSATION);
    expect(r.structuredContent).toBeUndefined();
    expect(r._meta).toMatchObject({
      'agenthub/conversationId': CONVERSATION,
      'agenthub/status': 'completed',
    });
    const json = toolResultOf('helper', { ...base, status: 'completed', text: ' {"a":1} ' });
    expect(json.structuredContent).toEqual({ a: 1 });
  });

  it('only a JSON object is structured output', () => {
    expect(structuredOutputOf('[1]')).toBeUndefined();
    expect(structuredOutputOf('{oops')).toBeUndefined();
    expect(structuredOutputOf('{"x":{"y":2}}')).toEqual({ x: { y: 2 } });
  });

  it('a paused run says what the agent asks and how to continue', () => {
    const r = toolResultOf('helper', { ...base, status: 'paused', prompt: 'Which city?' });
    expect(r.isError).toBeUndefined();
    expect(r._meta!['agenthub/status']).toBe('needs_input');
    expect(r.content[0]!.text).toContain('The agent needs input: Which city?');
    expect(r.content[0]!.text).toContain(`call helper again with conversationId "${CONVERSATION}"`);
  });

  it('a failed or cancelled run is a tool error carrying its code', () => {
    const failed = toolResultOf('helper', {
      ...base,
      status: 'failed',
      error: { code: 'recursion_limit', message: 'Too many steps' },
    });
    expect(failed.isError).toBe(true);
    expect(failed.content[0]!.text).toBe('recursion_limit: Too many steps');
    expect(failed._meta!['agenthub/error']).toEqual({ code: 'recursion_limit', message: 'Too many steps' });
    expect(toolResultOf('helper', { ...base, status: 'cancelled' }).content[0]!.text).toBe(
      'cancelled: The run was cancelled',
    );
  });

  it('a refusal is a tool error with its code, status and details', () => {
    const r = toolErrorOf({
      code: 'validation_failed',
      message: 'Bad',
      status: 400,
      details: [{ path: 'arguments.message', code: 'required', message: 'needed' }],
    });
    expect(r.isError).toBe(true);
    expect(r.content[0]!.text).toBe('validation_failed: Bad: arguments.message: needed');
    expect(r._meta!['agenthub/error']).toMatchObject({ code: 'validation_failed', statusCode: 400 });
  });
});
