import type { RunEvent, WorkflowDefinitionInput } from '@agenthub/contracts';
import { MemorySaver } from '@langchain/langgraph';
import { ScriptedModel, lastUserText } from '../../test/helpers/scripted.model.js';
import { EngineError } from '../engine-error.js';
import type { Executor } from '../executors/executor.types.js';
import { collectRun, getPendingInterrupts, runWorkflow } from '../run/run-workflow.js';
import { withPricing } from '../models/pricing.util.js';
import { CompileCache } from './compile-cache.js';
import {
  compileWorkflow,
  findJoins,
  type CompiledWorkflow,
  type CompileOptions,
} from './compile-workflow.js';
import { workflowDefinitionSchema } from '@agenthub/contracts';

const tpl = (id: string, template: string) => ({ id, type: 'template', config: { template } });
const answer = (id: string, text: string) => ({ id, type: 'answer', config: { text } });

async function run(
  def: WorkflowDefinitionInput,
  input = 'hello',
  options: CompileOptions = {},
  threadId = 't1',
) {
  const compiled = compileWorkflow(def, options);
  return collectRun(runWorkflow(compiled, { input, threadId }));
}

function nodeEvents(events: RunEvent[], status?: string) {
  return events
    .filter((e): e is Extract<RunEvent, { type: 'node' }> => e.type === 'node')
    .filter((e) => !status || e.data.status === status)
    .map((e) => e.data.nodeId);
}

describe('compileWorkflow + runWorkflow: edges', () => {
  it('follows normal edges and answers with the rendered text', async () => {
    const { done, text, events } = await run({
      entry: 'greet',
      nodes: [tpl('greet', 'Hi {{input}}!'), answer('out', '{{nodes.greet.output}} Bye.')],
      edges: [
        { from: 'greet', to: 'out' },
        { from: 'out', to: '__end__' },
      ],
    });
    expect(done?.status).toBe('completed');
    expect(text).toBe('Hi hello! Bye.');
    expect(nodeEvents(events, 'finished')).toEqual(['greet', 'out']);
    expect(events.filter((e) => e.type === 'done')).toHaveLength(1);
  });

  it('routes a switch condition on a state path, with default', async () => {
    const def = (value: string): WorkflowDefinitionInput => ({
      entry: 'pick',
      nodes: [
        tpl('pick', value),
        answer('a', 'went A'),
        answer('b', 'went B'),
        answer('other', 'went default'),
      ],
      edges: [
        {
          from: 'pick',
          type: 'conditional',
          condition: { kind: 'switch', path: 'nodes.pick.output' },
          mapping: { x: 'a', y: 'b' },
          default: 'other',
        },
        { from: 'a', to: '__end__' },
        { from: 'b', to: '__end__' },
        { from: 'other', to: '__end__' },
      ],
    });
    expect((await run(def('x'))).text).toBe('went A');
    expect((await run(def('y'))).text).toBe('went B');
    expect((await run(def('zzz'))).text).toBe('went default');
  });

  it('fails with condition_no_match when nothing maps and there is no default', async () => {
    const { done, events } = await run({
      entry: 'pick',
      nodes: [tpl('pick', 'nope'), answer('a', 'A')],
      edges: [
        {
          from: 'pick',
          type: 'conditional',
          condition: { kind: 'switch', path: 'nodes.pick.output' },
          mapping: { x: 'a' },
        },
        { from: 'a', to: '__end__' },
      ],
    });
    expect(done?.status).toBe('failed');
    expect(events.find((e) => e.type === 'error')?.data).toMatchObject({ code: 'condition_no_match' });
  });

  it('evaluates jexl expression conditions over input, vars and nodes', async () => {
    const def: WorkflowDefinitionInput = {
      entry: 'len',
      variables: { threshold: { type: 'number', default: 5 } },
      nodes: [tpl('len', '{{input}}'), answer('long', 'long'), answer('short', 'short')],
      edges: [
        {
          from: 'len',
          type: 'conditional',
          condition: {
            kind: 'expression',
            expression: "nodes.len.output|length > vars.threshold && input|lower != 'stop'",
          },
          mapping: { true: 'long', false: 'short' },
        },
        { from: 'long', to: '__end__' },
        { from: 'short', to: '__end__' },
      ],
    };
    expect((await run(def, 'a long sentence')).text).toBe('long');
    expect((await run(def, 'tiny')).text).toBe('short');
    expect((await run(def, 'STOP')).text).toBe('short');
  });

  it('runs fan-out branches concurrently and joins once after all of them', async () => {
    const started: Record<string, number> = {};
    const finished: Record<string, number> = {};
    const slow: Executor = async (ctx) => {
      started[ctx.node.id] = Date.now();
      await new Promise((r) => setTimeout(r, 150));
      finished[ctx.node.id] = Date.now();
      return { output: `${ctx.node.id} done` };
    };
    const joinRuns: string[] = [];
    const t0 = Date.now();
    const { text, events } = await run(
      {
        entry: 'split',
        nodes: [
          tpl('split', 'go'),
          { id: 'style', type: 'code', config: { code: 'x' } },
          { id: 'security', type: 'code', config: { code: 'x' } },
          { id: 'tests', type: 'code', config: { code: 'x' } },
          tpl('testsMore', '{{nodes.tests.output}}+'),
          answer('join', '{{nodes.style.output}}|{{nodes.security.output}}|{{nodes.testsMore.output}}'),
        ],
        edges: [
          { from: 'split', type: 'fanout', targets: ['style', 'security', 'tests'] },
          { from: 'tests', to: 'testsMore' },
          { from: 'style', to: 'join' },
          { from: 'security', to: 'join' },
          { from: 'testsMore', to: 'join' },
          { from: 'join', to: '__end__' },
        ],
      },
      'x',
      {
        executors: {
          code: slow,
          answer: async (ctx) => {
            joinRuns.push(ctx.node.id);
            const t = ctx.render(String(ctx.config.text));
            ctx.emit({ type: 'message', data: { delta: t } });
            return { output: t };
          },
        },
      },
    );
    const elapsed = Date.now() - t0;
    expect(text).toBe('style done|security done|tests done+');
    expect(joinRuns).toEqual(['join']);
    // Three 150 ms branches in parallel finish well below their 450 ms sum.
    expect(elapsed).toBeLessThan(400);
    const overlap =
      Math.min(finished.style, finished.security, finished.tests) -
      Math.max(started.style, started.security, started.tests);
    expect(overlap).toBeGreaterThan(0);
    expect(nodeEvents(events, 'finished').filter((n) => n === 'join')).toHaveLength(1);
  });

  it('treats converging conditional branches as alternatives, not a join', async () => {
    const { text } = await run({
      entry: 'pick',
      nodes: [
        tpl('pick', 'a'),
        tpl('a', 'A'),
        tpl('b', 'B'),
        answer('out', 'got {{nodes.a.output}}{{nodes.b.output}}'),
      ],
      edges: [
        {
          from: 'pick',
          type: 'conditional',
          condition: { kind: 'switch', path: 'nodes.pick.output' },
          mapping: { a: 'a', b: 'b' },
        },
        { from: 'a', to: 'out' },
        { from: 'b', to: 'out' },
        { from: 'out', to: '__end__' },
      ],
    });
    expect(text).toBe('got A');
  });

  it('detects joins only for fan-out branches', () => {
    const def = workflowDefinitionSchema.parse({
      entry: 's',
      nodes: [tpl('s', ''), tpl('a', ''), tpl('b', ''), tpl('j', ''), tpl('c', '')],
      edges: [
        { from: 's', type: 'fanout', targets: ['a', 'b'] },
        { from: 'a', to: 'j' },
        { from: 'b', to: 'j' },
        { from: 'j', to: 'c' },
        { from: 'c', to: '__end__' },
      ],
    });
    expect(findJoins(def)).toEqual(new Map([['j', ['a', 'b']]]));
  });

  it('allows cycles and stops an endless loop with recursion_limit', async () => {
    const { done, events } = await run(
      {
        entry: 'a',
        nodes: [tpl('a', 'x'), tpl('b', 'y')],
        edges: [
          { from: 'a', to: 'b' },
          {
            from: 'b',
            type: 'conditional',
            condition: { kind: 'expression', expression: '1 == 1' },
            mapping: { true: 'a', false: '__end__' },
          },
        ],
      },
      'hi',
      { limits: { maxSteps: 12 } },
    );
    expect(done?.status).toBe('failed');
    expect(events.find((e) => e.type === 'error')?.data).toMatchObject({ code: 'recursion_limit' });
    expect(nodeEvents(events, 'finished').length).toBeLessThanOrEqual(12);
  });

  it('loops a bounded number of times when the condition ends the cycle', async () => {
    let count = 0;
    const counter: Executor = async () => ({ output: ++count });
    const { text, done } = await run(
      {
        entry: 'inc',
        nodes: [
          { id: 'inc', type: 'code', config: { code: 'x' } },
          answer('out', 'count={{nodes.inc.output}}'),
        ],
        edges: [
          {
            from: 'inc',
            type: 'conditional',
            condition: { kind: 'expression', expression: 'nodes.inc.output < 3' },
            mapping: { true: 'inc', false: 'out' },
          },
          { from: 'out', to: '__end__' },
        ],
      },
      '',
      { executors: { code: counter } },
    );
    expect(done?.status).toBe('completed');
    expect(text).toBe('count=3');
  });
});

describe('node policies', () => {
  const flaky = (failures: number): { executor: Executor; calls: () => number } => {
    let calls = 0;
    return {
      executor: async () => {
        calls++;
        if (calls <= failures) throw new EngineError('boom', `failure ${calls}`);
        return { output: `ok after ${calls}` };
      },
      calls: () => calls,
    };
  };
  /** work → out; with `withErrorBranch`, work:error → fallback. */
  const flow = (config: Record<string, unknown>, withErrorBranch = false): WorkflowDefinitionInput => ({
    entry: 'work',
    nodes: [
      { id: 'work', type: 'code', config: { code: 'x', ...config } },
      answer('out', 'out: {{nodes.work.output}}'),
      ...(withErrorBranch ? [answer('fallback', 'fallback: {{nodes.work.error.code}}')] : []),
    ],
    edges: [
      { from: 'work', to: 'out' },
      { from: 'out', to: '__end__' },
      ...(withErrorBranch
        ? [
            { from: 'work:error', to: 'fallback' },
            { from: 'fallback', to: '__end__' },
          ]
        : []),
    ],
  });

  it('retries up to maxAttempts with backoff and then succeeds', async () => {
    const f = flaky(2);
    const t0 = Date.now();
    const { text, events } = await run(flow({ retry: { maxAttempts: 3, backoffMs: 20 } }), 'x', {
      executors: { code: f.executor },
    });
    expect(text).toBe('out: ok after 3');
    expect(f.calls()).toBe(3);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(60 - 5); // 20 + 40 ms backoff
    expect(
      events.find((e) => e.type === 'node' && e.data.status === 'finished' && e.data.nodeId === 'work')?.data,
    ).toMatchObject({ attempt: 3 });
  });

  it('fails the run (onError: fail) once retries are exhausted, with the node id and code', async () => {
    const f = flaky(5);
    const { done, events } = await run(flow({ retry: { maxAttempts: 2 } }), 'x', {
      executors: { code: f.executor },
    });
    expect(f.calls()).toBe(2);
    expect(done?.status).toBe('failed');
    expect(events.find((e) => e.type === 'error')?.data).toMatchObject({ code: 'boom', nodeId: 'work' });
    expect(events.find((e) => e.type === 'node' && e.data.status === 'failed')?.data).toMatchObject({
      nodeId: 'work',
      error: { code: 'boom' },
    });
  });

  it('continues with a null output (onError: continue)', async () => {
    const f = flaky(5);
    const { done, text } = await run(flow({ onError: 'continue' }), 'x', { executors: { code: f.executor } });
    expect(done?.status).toBe('completed');
    expect(text).toBe('out: ');
  });

  it('follows the <id>:error edge (onError: branch) and not the normal one', async () => {
    const f = flaky(5);
    const { text } = await run(flow({ onError: 'branch' }, true), 'x', { executors: { code: f.executor } });
    expect(text).toBe('fallback: boom');
    const ok = flaky(0);
    expect(
      (await run(flow({ onError: 'branch' }, true), 'x', { executors: { code: ok.executor } })).text,
    ).toBe('out: ok after 1');
  });

  it('times out a slow node with node_timeout and aborts its signal', async () => {
    let aborted = false;
    const slow: Executor = (ctx) =>
      new Promise((resolve) => {
        const t = setTimeout(() => resolve({ output: 'late' }), 2000);
        ctx.signal.addEventListener('abort', () => {
          aborted = true;
          clearTimeout(t);
        });
      });
    const t0 = Date.now();
    const { done, events } = await run(flow({ timeoutMs: 50 }), 'x', { executors: { code: slow } });
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(done?.status).toBe('failed');
    expect(aborted).toBe(true);
    expect(events.find((e) => e.type === 'error')?.data).toMatchObject({
      code: 'node_timeout',
      nodeId: 'work',
    });
  });

  it('cancels a running model call through the run signal and still ends with one done', async () => {
    const model = new ScriptedModel(() => ({ text: 'never', delayMs: 5000 }));
    const compiled = compileWorkflow(
      {
        entry: 'ask',
        nodes: [{ id: 'ask', type: 'llm', config: { prompt: '{{input}}', stream: true } }],
        edges: [{ from: 'ask', to: '__end__' }],
      },
      { resolveModel: () => model },
    );
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const t0 = Date.now();
    const { events, done } = await collectRun(
      runWorkflow(compiled, { input: 'q', threadId: 'c1', signal: controller.signal }),
    );
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(done?.status).toBe('cancelled');
    expect(events.filter((e) => e.type === 'done')).toHaveLength(1);
  });
});

describe('models, usage and streaming', () => {
  it('streams answer tokens as message events, other LLM tokens as thoughts, and sums usage per node', async () => {
    const model = new ScriptedModel((req) => ({
      text: `echo ${lastUserText(req)}`,
      usage: { promptTokens: 10, completionTokens: 4 },
    }));
    const { events, done } = await run(
      {
        entry: 'draft',
        nodes: [
          { id: 'draft', type: 'llm', config: { prompt: 'Draft: {{input}}' } },
          {
            id: 'final',
            type: 'llm',
            config: { system: 'Be brief.', prompt: 'Improve: {{nodes.draft.output}}', stream: true },
          },
        ],
        edges: [
          { from: 'draft', to: 'final' },
          { from: 'final', to: '__end__' },
        ],
      },
      'cats',
      { resolveModel: () => model },
    );
    const thoughts = events
      .filter((e) => e.type === 'thought')
      .map((e) => (e.data as { content: string }).content)
      .join('');
    const message = events
      .filter((e) => e.type === 'message')
      .map((e) => (e.data as { delta: string }).delta)
      .join('');
    expect(thoughts).toBe('echo Draft: cats');
    expect(message).toBe('echo Improve: echo Draft: cats');
    expect(done?.usage).toEqual({ promptTokens: 20, completionTokens: 8, costUsd: 0 });
    expect(done?.nodeUsage).toEqual({
      draft: { promptTokens: 10, completionTokens: 4, costUsd: 0 },
      final: { promptTokens: 10, completionTokens: 4, costUsd: 0 },
    });
    expect(model.requests[1].messages[0]).toEqual({ role: 'system', content: 'Be brief.' });
  });

  it('adds costUsd to usage when the model port is priced', async () => {
    const model = withPricing(
      new ScriptedModel(() => ({ text: 'x', usage: { promptTokens: 1000, completionTokens: 500 } })),
      {
        promptPerMillion: 2,
        completionPerMillion: 8,
      },
    );
    const { done } = await run(
      {
        entry: 'a',
        nodes: [{ id: 'a', type: 'llm', config: { stream: true } }],
        edges: [{ from: 'a', to: '__end__' }],
      },
      'q',
      { resolveModel: () => model },
    );
    expect(done?.usage).toEqual({ promptTokens: 1000, completionTokens: 500, costUsd: 0.006 });
  });

  it('passes chat history before the prompt, without duplicating the current input', async () => {
    const model = new ScriptedModel(() => ({ text: 'ok' }));
    const compiled = compileWorkflow(
      {
        entry: 'a',
        nodes: [{ id: 'a', type: 'llm', config: { prompt: '{{input}}', stream: true } }],
        edges: [{ from: 'a', to: '__end__' }],
      },
      { resolveModel: () => model },
    );
    await collectRun(
      runWorkflow(compiled, {
        input: 'second',
        threadId: 'h',
        history: [
          { role: 'user', content: 'first' },
          { role: 'assistant', content: 'reply' },
        ],
      }),
    );
    expect(model.requests[0].messages).toEqual([
      { role: 'user', content: 'first' },
      { role: 'assistant', content: 'reply' },
      { role: 'user', content: 'second' },
    ]);
  });

  it('classifier picks a label and falls back to default or fails with classifier_no_label', async () => {
    const def = (dflt?: string): WorkflowDefinitionInput => ({
      entry: 'cls',
      nodes: [
        {
          id: 'cls',
          type: 'classifier',
          config: { labels: ['tech', 'billing'], ...(dflt ? { default: dflt } : {}) },
        },
        answer('out', 'label={{nodes.cls.output}}'),
      ],
      edges: [
        { from: 'cls', to: 'out' },
        { from: 'out', to: '__end__' },
      ],
    });
    const say = (text: string) => ({ resolveModel: () => new ScriptedModel(() => ({ text })) });
    expect((await run(def(), 'x', say('Billing.'))).text).toBe('label=billing');
    expect((await run(def('tech'), 'x', say('no idea'))).text).toBe('label=tech');
    const failed = await run(def(), 'x', say('no idea'));
    expect(failed.events.find((e) => e.type === 'error')?.data).toMatchObject({
      code: 'classifier_no_label',
    });
  });
});

describe('human input, resume and retry (MemorySaver)', () => {
  const approval: WorkflowDefinitionInput = {
    entry: 'draft',
    nodes: [
      tpl('draft', 'Plan for {{input}}'),
      {
        id: 'approve',
        type: 'human_input',
        config: { prompt: 'Approve "{{nodes.draft.output}}"? (yes/no)' },
      },
      answer('done', 'Approved: {{nodes.draft.output}}'),
      answer('rejected', 'Rejected.'),
    ],
    edges: [
      { from: 'draft', to: 'approve' },
      {
        from: 'approve',
        type: 'conditional',
        condition: { kind: 'expression', expression: "nodes.approve.output|lower == 'yes'" },
        mapping: { true: 'done', false: 'rejected' },
      },
      { from: 'done', to: '__end__' },
      { from: 'rejected', to: '__end__' },
    ],
  };

  it('pauses with an interrupt event and resumes without re-running earlier nodes', async () => {
    const saver = new MemorySaver();
    const draftRuns: number[] = [];
    const options: CompileOptions = {
      checkpointer: saver,
      executors: {
        template: async (ctx) => (draftRuns.push(1), { output: ctx.render(String(ctx.config.template)) }),
      },
    };
    const first = await collectRun(
      runWorkflow(compileWorkflow(approval, options), { input: 'launch', threadId: 'run-1' }),
    );
    expect(first.done?.status).toBe('paused');
    expect(first.events.find((e) => e.type === 'interrupt')?.data).toMatchObject({
      nodeId: 'approve',
      prompt: 'Approve "Plan for launch"? (yes/no)',
    });
    const second = await collectRun(
      runWorkflow(compileWorkflow(approval, options), { threadId: 'run-1', resume: { value: 'YES' } }),
    );
    expect(second.done?.status).toBe('completed');
    expect(second.text).toBe('Approved: Plan for launch');
    expect(draftRuns).toHaveLength(1);
  });

  it('retries a failed run from its checkpoint without re-running finished nodes', async () => {
    const saver = new MemorySaver();
    let firstRuns = 0;
    let failNext = true;
    const options: CompileOptions = {
      checkpointer: saver,
      executors: {
        template: async () => ({ output: `first#${++firstRuns}` }),
        code: async () => {
          if (failNext) throw new EngineError('flaky_upstream', 'upstream down');
          return { output: 'second ok' };
        },
      },
    };
    const def: WorkflowDefinitionInput = {
      entry: 'one',
      nodes: [
        tpl('one', 'x'),
        { id: 'two', type: 'code', config: { code: 'x' } },
        answer('out', '{{nodes.one.output}} / {{nodes.two.output}}'),
      ],
      edges: [
        { from: 'one', to: 'two' },
        { from: 'two', to: 'out' },
        { from: 'out', to: '__end__' },
      ],
    };
    const failed = await collectRun(
      runWorkflow(compileWorkflow(def, options), { input: 'q', threadId: 'run-2' }),
    );
    expect(failed.done?.status).toBe('failed');
    failNext = false;
    const retried = await collectRun(
      runWorkflow(compileWorkflow(def, options), { threadId: 'run-2', retry: true }),
    );
    expect(retried.done?.status).toBe('completed');
    expect(retried.text).toBe('first#1 / second ok');
    expect(firstRuns).toBe(1);
  });

  describe('with choices', () => {
    const withChoices = (allowFreeText: boolean): WorkflowDefinitionInput => ({
      ...approval,
      nodes: approval.nodes.map((n) =>
        n.id === 'approve'
          ? {
              ...n,
              config: {
                prompt: 'Approve?',
                choices: [
                  { value: 'yes', label: 'Yes' },
                  { value: 'no', label: 'No' },
                ],
                allowFreeText,
              },
            }
          : n,
      ),
    });

    async function pauseThenResume(def: WorkflowDefinitionInput, reply: string, threadId: string) {
      const options: CompileOptions = { checkpointer: new MemorySaver() };
      const first = await collectRun(
        runWorkflow(compileWorkflow(def, options), { input: 'launch', threadId }),
      );
      const pending = await getPendingInterrupts(compileWorkflow(def, options), threadId);
      const second = await collectRun(
        runWorkflow(compileWorkflow(def, options), { threadId, resume: { value: reply } }),
      );
      return { first, pending, second };
    }

    it('offers them in the interrupt event and in the pending interrupts', async () => {
      const { first, pending } = await pauseThenResume(withChoices(false), 'yes', 'c-1');
      const offered = {
        nodeId: 'approve',
        prompt: 'Approve?',
        choices: [
          { value: 'yes', label: 'Yes' },
          { value: 'no', label: 'No' },
        ],
        allowFreeText: false,
      };
      expect(first.events.find((e) => e.type === 'interrupt')?.data).toMatchObject(offered);
      expect(pending).toEqual([expect.objectContaining(offered)]);
    });

    it.each(['Yes, approved', 'YES ', 'yes'])('continues with the choice named by %j', async (reply) => {
      const { second } = await pauseThenResume(withChoices(false), reply, `c-${reply}`);
      expect(second.done?.status).toBe('completed');
      expect(second.text).toBe('Approved: Plan for launch');
    });

    it('fails the node with reply_not_a_choice when free text is not allowed', async () => {
      const { second } = await pauseThenResume(withChoices(false), 'maybe later', 'c-free-no');
      expect(second.done?.status).toBe('failed');
      expect(second.events.find((e) => e.type === 'error')?.data).toMatchObject({
        code: 'reply_not_a_choice',
        message: 'Node "approve" failed: Reply with one of: Yes, No',
      });
    });

    it('passes free text on as typed when it is allowed', async () => {
      const { second } = await pauseThenResume(withChoices(true), 'maybe later', 'c-free-yes');
      expect(second.done?.status).toBe('completed');
      expect(second.text).toBe('Rejected.');
    });

    it('interrupts without choices as before (no choices field)', async () => {
      const { first } = await pauseThenResume(approval, 'yes', 'c-none');
      const data = first.events.find((e) => e.type === 'interrupt')?.data as Record<string, unknown>;
      expect(data).not.toHaveProperty('choices');
      expect(data).not.toHaveProperty('allowFreeText');
    });
  });

  it('refuses to resume without a checkpointer', async () => {
    const { done, events } = await collectRun(
      runWorkflow(compileWorkflow(approval), { threadId: 'x', resume: { value: 'yes' } }),
    );
    expect(done?.status).toBe('failed');
    expect(events.find((e) => e.type === 'error')?.data).toMatchObject({ code: 'invalid_resume' });
  });
});

describe('compile cache and validation gate', () => {
  it('returns the cached graph for the same definition and key, regardless of key order', () => {
    const cache = new CompileCache<CompiledWorkflow>();
    const def = { entry: 'a', nodes: [answer('a', 'x')], edges: [{ from: 'a', to: '__end__' }] };
    const reordered = {
      edges: [{ to: '__end__', from: 'a' }],
      nodes: [{ config: { text: 'x' }, type: 'answer', id: 'a' }],
      entry: 'a',
    };
    const one = compileWorkflow(def, { cache, cacheKey: 'v1' });
    expect(compileWorkflow(reordered, { cache, cacheKey: 'v1' })).toBe(one);
    expect(compileWorkflow(def, { cache, cacheKey: 'v2' })).not.toBe(one);
    expect(cache.hits).toBe(1);
  });

  it('refuses an invalid definition with workflow_invalid and every issue', () => {
    expect.assertions(2);
    try {
      compileWorkflow({
        entry: 'a',
        nodes: [{ id: 'a', type: 'nope', config: {} }],
        edges: [{ from: 'a', to: 'ghost' }],
      });
    } catch (err) {
      expect((err as EngineError).code).toBe('workflow_invalid');
      expect(((err as EngineError).details as { code: string }[]).map((i) => i.code).sort()).toEqual([
        'no_path_to_end',
        'unknown_edge_target',
        'unknown_node_type',
      ]);
    }
  });
});

describe('concurrency and parallel interrupts', () => {
  it('keeps events and state of concurrent runs on one compiled graph apart', async () => {
    const model = new ScriptedModel((req) => ({
      text: `answer for ${lastUserText(req)}`,
      delayMs: 5 + Math.floor(Math.random() * 20),
    }));
    const compiled = compileWorkflow(
      {
        entry: 'prep',
        nodes: [
          tpl('prep', '[{{input}}]'),
          { id: 'chat', type: 'llm', config: { prompt: '{{nodes.prep.output}}', stream: true } },
        ],
        edges: [
          { from: 'prep', to: 'chat' },
          { from: 'chat', to: '__end__' },
        ],
      },
      { resolveModel: () => model },
    );
    const runs = await Promise.all(
      Array.from({ length: 15 }, (_, i) =>
        collectRun(runWorkflow(compiled, { input: `q${i}`, threadId: `c${i}` })),
      ),
    );
    runs.forEach((r, i) => {
      expect(r.text).toBe(`answer for [q${i}]`);
      expect(r.done?.runId).toBe(`c${i}`);
      expect(r.events.filter((e) => e.type === 'node')).toHaveLength(4);
    });
  });

  it('resumes two parallel human inputs one by one with a map of interrupt ids', async () => {
    const compiled = compileWorkflow(
      {
        entry: 'start',
        nodes: [
          tpl('start', 'go'),
          { id: 'legal', type: 'human_input', config: { prompt: 'Legal ok?' } },
          { id: 'finance', type: 'human_input', config: { prompt: 'Finance ok?' } },
          answer('out', 'legal={{nodes.legal.output}} finance={{nodes.finance.output}}'),
        ],
        edges: [
          { from: 'start', type: 'fanout', targets: ['legal', 'finance'] },
          { from: 'legal', to: 'out' },
          { from: 'finance', to: 'out' },
          { from: 'out', to: '__end__' },
        ],
      },
      { checkpointer: new MemorySaver() },
    );
    const first = await collectRun(runWorkflow(compiled, { input: 'x', threadId: 'p1' }));
    expect((await getPendingInterrupts(compiled, 'p1')).map((p) => p.prompt).sort()).toEqual([
      'Finance ok?',
      'Legal ok?',
    ]);
    const interrupts = first.events.filter(
      (e): e is Extract<RunEvent, { type: 'interrupt' }> => e.type === 'interrupt',
    );
    expect(first.done?.status).toBe('paused');
    expect(interrupts.map((i) => i.data.nodeId).sort()).toEqual(['finance', 'legal']);
    const byNode = Object.fromEntries(interrupts.map((i) => [i.data.nodeId, i.data.interruptId!]));
    const second = await collectRun(
      runWorkflow(compiled, {
        threadId: 'p1',
        resume: { value: { [byNode.legal]: 'approved', [byNode.finance]: 'needs budget' } },
      }),
    );
    expect(second.done?.status).toBe('completed');
    expect(second.text).toBe('legal=approved finance=needs budget');
    expect(await getPendingInterrupts(compiled, 'p1')).toEqual([]);
  });
});
