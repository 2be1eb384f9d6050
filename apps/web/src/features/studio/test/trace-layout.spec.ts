import { describe, expect, it } from 'vitest';
import type { RunStep } from '@agenthub/contracts';
import { layoutTrace, stepsOfNode } from './trace-layout';

const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms).toISOString();
let seq = 0;
function step(
  nodeId: string,
  start: number,
  end: number | null,
  status: RunStep['status'] = 'completed',
): RunStep {
  seq++;
  return {
    id: `s${seq}`,
    runId: 'r',
    seq,
    nodeId,
    nodeType: 'llm',
    status,
    attempt: 1,
    input: null,
    output: null,
    error: null,
    durationMs: end === null ? null : end - start,
    usage: { promptTokens: 0, completionTokens: 0, costUsd: 0 },
    model: null,
    startedAt: at(start),
    finishedAt: end === null ? null : at(end),
  };
}

const lanes = (layout: ReturnType<typeof layoutTrace>) => layout.bars.map((b) => [b.nodeId, b.lane]);

describe('layoutTrace', () => {
  it('keeps a linear run on one lane, in start order, relative to its first step', () => {
    const layout = layoutTrace([step('b', 100, 250), step('a', 0, 100)], T0 + 1000);
    expect(lanes(layout)).toEqual([
      ['a', 0],
      ['b', 0],
    ]);
    expect(layout.bars.map((b) => [b.offsetMs, b.durationMs])).toEqual([
      [0, 100],
      [100, 150],
    ]);
    expect(layout).toMatchObject({ lanes: 1, totalMs: 250 });
  });

  it('puts parallel branches on lanes of their own and reuses a lane once it is free', () => {
    const layout = layoutTrace(
      [
        step('split', 0, 10),
        step('left', 10, 200),
        step('right', 12, 80),
        step('extra', 15, 50),
        step('join', 200, 220),
        step('late', 90, 120),
      ],
      T0,
    );
    expect(lanes(layout)).toEqual([
      ['split', 0],
      ['left', 0],
      ['right', 1],
      ['extra', 2],
      ['late', 1],
      ['join', 0],
    ]);
    expect(layout.lanes).toBe(3);
  });

  it('unrolls loops: every execution of a node is a bar with its iteration', () => {
    const layout = layoutTrace(
      [step('body', 0, 10), step('check', 10, 12), step('body', 12, 20), step('check', 20, 21)],
      T0,
    );
    expect(layout.bars.map((b) => [b.nodeId, b.iteration])).toEqual([
      ['body', 1],
      ['check', 1],
      ['body', 2],
      ['check', 2],
    ]);
    expect(layout.lanes).toBe(1);
  });

  it('lets a running step last until now; a retried node gets a second bar after its failure', () => {
    const layout = layoutTrace(
      [step('fetch', 0, 30, 'failed'), step('fetch', 500, null, 'running')],
      T0 + 800,
    );
    expect(layout.bars.map((b) => [b.status, b.iteration, b.durationMs])).toEqual([
      ['failed', 1, 30],
      ['running', 2, 300],
    ]);
    expect(layout.totalMs).toBe(800);
  });

  it('is empty without steps', () => {
    expect(layoutTrace([], T0)).toEqual({ bars: [], lanes: 0, totalMs: 0 });
  });
});

describe('stepsOfNode', () => {
  it("lists a node's steps newest first", () => {
    const steps = [step('a', 0, 1), step('b', 1, 2), step('a', 2, 3)];
    expect(stepsOfNode(steps, 'a').map((s) => s.seq)).toEqual([steps[2]!.seq, steps[0]!.seq]);
  });
});
