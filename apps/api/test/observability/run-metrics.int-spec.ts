import { HUMAN_APPROVAL_WORKFLOW } from '@agenthub/engine';
import { RunService } from '../../src/runtime/run.service';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { collect, insertAgent, LLM_ANSWER_WORKFLOW } from '../runtime/runtime.fixtures';

/** Value of one sample line (`name{labels} value`) in the Prometheus text, or 0 when absent. */
function sample(text: string, line: string): number {
  const row = text.split('\n').find((l) => l.startsWith(`${line} `));
  return row ? Number(row.slice(line.length + 1)) : 0;
}

describe('Run and queue metrics on /metrics, queue on /api/health (inline mode)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('counts finished runs by status, run and node durations by kind, and tokens by direction', async () => {
    const owner = await t.createUser(['developer']);
    const agentId = await insertAgent(t, owner.id);
    const before = (await t.http().get('/metrics').expect(200)).text;
    const runs = t.app.get(RunService);
    await collect(runs.runDraft({ definition: LLM_ANSWER_WORKFLOW, input: 'hi', agentId, userId: owner.id }));
    // A paused run is not final: it must not be counted as a finished run.
    await collect(
      runs.runDraft({ definition: HUMAN_APPROVAL_WORKFLOW, input: 'hi', agentId, userId: owner.id }),
    );
    const after = (await t.http().get('/metrics').expect(200)).text;

    const delta = (line: string) => sample(after, line) - sample(before, line);
    expect(delta('agenthub_runs_total{status="completed"}')).toBe(1);
    expect(delta('agenthub_runs_total{status="paused"}')).toBe(0);
    expect(delta('agenthub_run_duration_seconds_count')).toBe(1);
    expect(after).toMatch(/agenthub_node_duration_seconds_count\{kind="[a-z_]+"\} [1-9]/);
    expect(delta('agenthub_tokens_total{direction="completion"}')).toBeGreaterThan(0);
    expect(delta('agenthub_tokens_total{direction="prompt"}')).toBeGreaterThan(0);
    expect(after).toContain('agenthub_sse_streams_active 0');
    expect(after).toContain('agenthub_queue_jobs{state="waiting"} 0');
    expect(after).toContain('agenthub_queue_jobs{state="active"} 0');
  });

  it('reports the run queue on /api/health', async () => {
    const res = await t.http().get('/api/health').expect(200);
    expect(res.body.checks.queue).toEqual({ status: 'up' });
  });
});
