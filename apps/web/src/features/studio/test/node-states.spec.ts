import { describe, expect, it } from 'vitest';
import type { RunEvent } from '@agenthub/contracts';
import { nodeStates, statesFromSteps } from './node-states';

const usage = { promptTokens: 0, completionTokens: 0, costUsd: 0 };
const run: RunEvent = { type: 'run', data: { runId: 'r1' } };
const started = (nodeId: string, attempt = 1): RunEvent => ({
  type: 'node',
  data: { nodeId, type: 'llm', status: 'started', attempt },
});
const finished = (nodeId: string): RunEvent => ({
  type: 'node',
  data: { nodeId, type: 'llm', status: 'finished' },
});
const failed = (nodeId: string): RunEvent => ({
  type: 'node',
  data: { nodeId, type: 'http', status: 'failed', error: { code: 'http_error', message: 'refused' } },
});
const done = (status: 'completed' | 'failed' | 'paused' | 'cancelled'): RunEvent => ({
  type: 'done',
  data: { runId: 'r1', status, usage },
});
const states = (ids: string[], events: RunEvent[]) =>
  Object.fromEntries([...nodeStates(ids, events)].map(([id, info]) => [id, info.state]));

describe('nodeStates', () => {
  it('paints nothing before the run starts, then every node queued', () => {
    expect(nodeStates(['a', 'b'], []).size).toBe(0);
    expect(states(['a', 'b'], [run])).toEqual({ a: 'queued', b: 'queued' });
  });

  it('follows a linear run to the end; unreached branches are skipped', () => {
    const events = [run, started('a'), finished('a'), started('b')];
    expect(states(['a', 'b', 'c'], events)).toEqual({ a: 'succeeded', b: 'running', c: 'queued' });
    expect(states(['a', 'b', 'c'], [...events, finished('b'), done('completed')])).toEqual({
      a: 'succeeded',
      b: 'succeeded',
      c: 'skipped',
    });
  });

  it('runs fan-out branches side by side', () => {
    const events = [run, started('split'), finished('split'), started('left'), started('right')];
    expect(states(['split', 'left', 'right', 'join'], events)).toEqual({
      split: 'succeeded',
      left: 'running',
      right: 'running',
      join: 'queued',
    });
    const joined = [...events, finished('right'), finished('left'), started('join'), finished('join')];
    expect(states(['split', 'left', 'right', 'join'], joined)).toMatchObject({
      left: 'succeeded',
      join: 'succeeded',
    });
  });

  it('counts the iterations of a loop', () => {
    const events = [
      run,
      started('body'),
      finished('body'),
      started('check'),
      finished('check'),
      started('body'),
    ];
    const info = nodeStates(['body', 'check'], events).get('body')!;
    expect(info).toMatchObject({ state: 'running', runs: 2 });
    expect(nodeStates(['body', 'check'], [...events, finished('body')]).get('body')).toMatchObject({
      state: 'succeeded',
      runs: 2,
    });
  });

  it('marks the failed node and keeps unreached nodes queued for a retry, which then succeeds', () => {
    const firstSegment = [
      run,
      started('a'),
      finished('a'),
      started('fetch'),
      failed('fetch'),
      done('failed'),
    ];
    const afterFailure = nodeStates(['a', 'fetch', 'c'], firstSegment);
    expect(Object.fromEntries([...afterFailure].map(([id, i]) => [id, i.state]))).toEqual({
      a: 'succeeded',
      fetch: 'failed',
      c: 'queued',
    });
    expect(afterFailure.get('fetch')!.error).toEqual({ code: 'http_error', message: 'refused' });

    const retried = [
      ...firstSegment,
      run,
      started('fetch'),
      finished('fetch'),
      started('c'),
      finished('c'),
      done('completed'),
    ];
    const after = nodeStates(['a', 'fetch', 'c'], retried);
    expect(Object.fromEntries([...after].map(([id, i]) => [id, i.state]))).toEqual({
      a: 'succeeded',
      fetch: 'succeeded',
      c: 'succeeded',
    });
    expect(after.get('fetch')).toMatchObject({ runs: 2, error: undefined });
    expect(after.get('a')!.runs).toBe(1);
  });

  it('shows the engine retry attempt of a node', () => {
    const events = [run, started('fetch', 1), started('fetch', 2)];
    expect(nodeStates(['fetch'], events).get('fetch')).toMatchObject({ state: 'running', attempt: 2 });
  });

  it('pauses at human input and resumes', () => {
    const paused = [
      run,
      started('ask'),
      { type: 'interrupt', data: { nodeId: 'ask', prompt: 'OK?' } } as RunEvent,
      done('paused'),
    ];
    expect(states(['ask', 'next'], paused)).toEqual({ ask: 'paused', next: 'queued' });
    const resumed = [
      ...paused,
      run,
      started('ask'),
      finished('ask'),
      started('next'),
      finished('next'),
      done('completed'),
    ];
    expect(states(['ask', 'next'], resumed)).toEqual({ ask: 'succeeded', next: 'succeeded' });
  });

  it('a run error naming a node fails it; a cancel skips what was running or waiting', () => {
    const errored = [
      run,
      started('a'),
      { type: 'error', data: { code: 'timeout', message: 'slow', nodeId: 'a' } } as RunEvent,
    ];
    expect(states(['a'], errored)).toEqual({ a: 'failed' });
    expect(states(['a', 'b'], [run, started('a'), done('cancelled')])).toEqual({
      a: 'skipped',
      b: 'skipped',
    });
    expect(states(['a'], [run, started('a'), done('failed')])).toEqual({ a: 'failed' });
  });
});

describe('statesFromSteps', () => {
  it('paints a recorded run from its steps: the last step of a node wins', () => {
    const step = (seq: number, nodeId: string, status: 'completed' | 'failed' | 'cancelled') =>
      ({ seq, nodeId, status, attempt: 1, error: null }) as never;
    const states = statesFromSteps([
      step(1, 'a', 'completed'),
      step(2, 'b', 'failed'),
      step(3, 'b', 'completed'),
      step(4, 'c', 'cancelled'),
    ]);
    expect([...states].map(([id, i]) => [id, i.state, i.runs])).toEqual([
      ['a', 'succeeded', 1],
      ['b', 'succeeded', 2],
      ['c', 'skipped', 1],
    ]);
  });
});
