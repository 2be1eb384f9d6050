import { DemoModel, DEMO_LABEL } from './demo.model.js';

const tools = [
  {
    name: 'add',
    description: 'Add',
    parameters: {
      type: 'object',
      properties: { a: { type: 'number' }, b: { type: 'number' } },
      required: ['a', 'b'],
    },
  },
  {
    name: 'search',
    description: 'Search',
    parameters: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] },
  },
];

describe('DemoModel (offline demo provider)', () => {
  it('restates the question, labels itself and explains how to configure a real provider, streaming word by word', async () => {
    const tokens: string[] = [];
    const result = await new DemoModel({ tokenDelayMs: 0 }).stream(
      { messages: [{ role: 'user', content: 'What is  MCP?' }] },
      { onToken: (t) => tokens.push(t) },
    );
    expect(result.text.startsWith(DEMO_LABEL)).toBe(true);
    expect(result.text).toContain('You asked: "What is MCP?"');
    expect(result.text).toContain('OpenAI-compatible provider');
    expect(tokens.length).toBeGreaterThan(10);
    expect(tokens.join('')).toBe(result.text);
    expect(result.usage.completionTokens).toBe(tokens.length);
  });

  it('points to the README providers section, not to an admin page that does not exist', async () => {
    const { text } = await new DemoModel({ tokenDelayMs: 0 }).stream({
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(text).toContain('"Providers" in the README');
    expect(text).not.toContain('Admin →');
  });

  it('answers each step of a multi-step workflow once and briefly, never nesting earlier answers', async () => {
    const model = new DemoModel({ tokenDelayMs: 0 });
    const step1 = await model.stream({ messages: [{ role: 'user', content: 'Plan a trip to Rome' }] });
    // Step 2's prompt is step 1's output; step 3's prompt quotes the input and step 2's output.
    const step2 = await model.stream({
      messages: [
        { role: 'system', content: 'Summarise.' },
        { role: 'user', content: step1.text },
      ],
    });
    const step3 = await model.stream({
      messages: [{ role: 'user', content: `Plan a trip to Rome\n${step2.text}` }],
    });
    const step4 = await model.stream({ messages: [{ role: 'user', content: step2.text }] });
    for (const later of [step2, step3, step4]) {
      expect(later.text).toBe(`${DEMO_LABEL} Another step on "Plan a trip to Rome", also answered offline.`);
    }
    // The explanation (and the label) appears once per answer.
    expect(step1.text.split(DEMO_LABEL)).toHaveLength(2);
  });

  it('is deterministic and waits the configured delay between tokens', async () => {
    const model = new DemoModel({ tokenDelayMs: 5 });
    const t0 = Date.now();
    const a = await model.stream({ messages: [{ role: 'user', content: 'hi' }] });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(5 * 20);
    const b = await model.stream({ messages: [{ role: 'user', content: 'hi' }] });
    expect(a).toEqual(b);
  });

  it('calls the tool named in the user text with arguments from its schema, then answers with the result', async () => {
    const model = new DemoModel({ tokenDelayMs: 0 });
    const first = await model.stream({
      messages: [{ role: 'user', content: 'please search for 3 cats' }],
      tools,
    });
    expect(first.toolCalls).toEqual([
      { id: 'demo_call_1', name: 'search', arguments: { q: 'please search for 3 cats' } },
    ]);
    const add = await model.stream({ messages: [{ role: 'user', content: 'what is 2 plus 40' }], tools });
    expect(add.toolCalls[0]).toMatchObject({ name: 'add', arguments: { a: 2, b: 40 } });
    const final = await model.stream({
      messages: [
        { role: 'user', content: 'what is 2 plus 40' },
        { role: 'assistant', content: '', toolCalls: add.toolCalls },
        { role: 'tool', content: '42', toolCallId: 'demo_call_1', name: 'add' },
      ],
      tools,
    });
    expect(final.toolCalls).toEqual([]);
    expect(final.text).toContain('Result: 42');
    expect(final.text).toContain(DEMO_LABEL);
  });

  it('answers classification prompts with a label', async () => {
    const model = new DemoModel({ tokenDelayMs: 0 });
    const ask = (q: string) =>
      model.stream({
        messages: [
          { role: 'system', content: 'Classify.\nLabels: tech | billing' },
          { role: 'user', content: q },
        ],
      });
    expect((await ask('my BILLING is wrong')).text).toBe('billing');
    expect((await ask('hello')).text).toBe('tech');
  });

  it('stops streaming when aborted', async () => {
    const controller = new AbortController();
    const p = new DemoModel({ tokenDelayMs: 20 }).stream(
      { messages: [{ role: 'user', content: 'hi' }] },
      { signal: controller.signal },
    );
    setTimeout(() => controller.abort(new Error('stop')), 30);
    await expect(p).rejects.toThrow('stop');
  });
});
