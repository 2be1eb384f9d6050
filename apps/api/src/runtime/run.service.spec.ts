import type { RunEvent } from '@agenthub/contracts';
import { compileWorkflow, EngineError, runWorkflow } from '@agenthub/engine';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { newTestService, strictMock } from '../../test/helpers/new-test-service';
import { AppConfig } from '../config/app-config';
import { CheckpointStore } from './checkpoint.store';
import { RunStepRepository } from './run-step.repository';
import { RunRepository } from './run.repository';
import { RunService, type RunStreamEvent, type StartRunOptions } from './run.service';
import { RUNTIME_SETTINGS } from './runtime-settings';
import { NODE_TYPE_SOURCE, OUTBOUND_POLICY_SOURCE } from './runtime.ports';
import type { WorkflowExecutionEntity } from './workflow-execution.entity';

jest.mock('@agenthub/engine', () => ({
  ...jest.requireActual('@agenthub/engine'),
  compileWorkflow: jest.fn(),
  runWorkflow: jest.fn(),
}));

const usage = { promptTokens: 3, completionTokens: 4, costUsd: 0 };
const totals = { ...usage };
const manager = { tx: true };

type EngineScript = (options: { signal: AbortSignal }) => AsyncGenerator<RunEvent>;

function row(patch: Partial<WorkflowExecutionEntity> = {}): WorkflowExecutionEntity {
  return {
    id: 'run-1',
    kind: 'chat',
    status: 'running',
    agentId: 'agent-1',
    agentVersionId: 'version-1',
    agentVersion: '1.0.0',
    chatId: 'chat-1',
    messageId: 'msg-1',
    userId: 'user-1',
    definition: { nodes: [] },
    runOptions: { serviceOwnerId: 'owner-1', serviceDependencies: {} },
    stepLimit: 10,
    lastEventId: 0,
    startedAt: null,
    ...patch,
  } as WorkflowExecutionEntity;
}

/** RunService with every collaborator auto-mocked; the engine's compile and run are scripted. */
function setup(settings: { runTimeoutMs?: number } = {}) {
  const t = newTestService(RunService, {
    values: [
      [RUNTIME_SETTINGS, { runTimeoutMs: settings.runTimeoutMs ?? 60_000, codeOutputMaxBytes: 1024 }],
      [AppConfig, { queueMode: 'inline', allowPrivateNetwork: false }],
    ],
  });
  const saver = strictMock<CheckpointStore['saver']>('saver', {
    defer: jest.fn(),
    markFresh: jest.fn(),
    discard: jest.fn(),
    flush: jest.fn().mockResolvedValue(undefined),
  } as never);
  t.mock<CheckpointStore>(CheckpointStore).saver = saver as never;
  t.mock<DataSource>(DataSource).transaction.mockImplementation((async (work: (m: unknown) => unknown) =>
    work(manager)) as never);
  t.mock<{ listNodeTypes: () => Promise<unknown[]> }>(NODE_TYPE_SOURCE).listNodeTypes.mockResolvedValue([]);
  t.mock<{ ssrfOptions: () => Promise<unknown> }>(OUTBOUND_POLICY_SOURCE).ssrfOptions.mockResolvedValue({
    allowPrivateNetwork: false,
  });
  const runs = t.mock<RunRepository>(RunRepository);
  runs.settle.mockResolvedValue(totals);
  const steps = t.mock<RunStepRepository>(RunStepRepository);
  steps.saveBatch.mockResolvedValue(undefined);
  jest.mocked(compileWorkflow).mockReturnValue({
    definition: { nodes: [{ id: 'answer' }] },
    maxSteps: 10,
    durability: 'exit',
  } as never);
  const engine = (script: EngineScript) =>
    jest
      .mocked(runWorkflow)
      .mockImplementation(((_c: unknown, o: { signal: AbortSignal }) => script(o)) as never);
  return { ...t, runs, steps, saver, engine };
}

async function drain(events: AsyncIterable<RunStreamEvent>): Promise<RunStreamEvent[]> {
  const out: RunStreamEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

const done = (status: string): RunEvent =>
  ({ type: 'done', data: { runId: 'run-1', status, usage } }) as RunEvent;

async function* answers(): AsyncGenerator<RunEvent> {
  yield { type: 'node', data: { nodeId: 'answer', type: 'llm', status: 'started' } } as RunEvent;
  yield { type: 'message', data: { delta: 'Hi' } } as RunEvent;
  yield {
    type: 'node',
    data: { nodeId: 'answer', type: 'llm', status: 'finished', durationMs: 1 },
  } as RunEvent;
  yield done('completed');
}

/** Waits for the run's signal like a model call would, then reports the abort as the engine does. */
async function* waitsForAbort(o: { signal: AbortSignal }): AsyncGenerator<RunEvent> {
  if (!o.signal.aborted)
    await new Promise((resolve) => o.signal.addEventListener('abort', resolve, { once: true }));
  yield { type: 'error', data: { code: 'cancelled', message: 'aborted' } } as RunEvent;
  yield done('cancelled');
}

const start = (extra: Partial<StartRunOptions> = {}): StartRunOptions => ({
  kind: 'chat',
  definition: {},
  input: 'x',
  agentId: 'agent-1',
  userId: 'user-1',
  ...extra,
});

const settledWith = (runs: ReturnType<typeof setup>['runs']) => runs.settle.mock.calls.map((c) => c[1]);

describe('RunService (unit tier, collaborators auto-mocked)', () => {
  beforeAll(() => Logger.overrideLogger(false));
  beforeEach(() => jest.clearAllMocks());

  describe('start', () => {
    it('start → completed: inserts a running row, streams run…done with monotonic ids, settles once in a transaction', async () => {
      const s = setup();
      s.runs.insert.mockResolvedValue(row());
      s.engine(answers);
      const onSettled = jest.fn().mockResolvedValue(undefined);
      const events = await drain(s.sut.startRun(start({ input: 'hi', onSettled })));
      expect(s.runs.insert.mock.calls[0]![1]).toBe('running');
      expect(events.map((e) => e.type)).toEqual(['run', 'node', 'message', 'node', 'done']);
      expect(events.map((e) => e.id)).toEqual([1, 2, 3, 4, 5]);
      expect(settledWith(s.runs)).toEqual([
        expect.objectContaining({
          status: 'completed',
          errorInfo: null,
          usage,
          lastEventId: 5,
          currentNode: null,
        }),
      ]);
      expect(onSettled).toHaveBeenCalledWith({ status: 'completed', errorInfo: null, totals }, manager);
      expect(s.saver.discard).toHaveBeenCalledWith('run-1');
    });

    it('start → failed: the engine error is recorded and streamed before done', async () => {
      const s = setup();
      s.runs.insert.mockResolvedValue(row());
      s.engine(async function* () {
        yield {
          type: 'error',
          data: { code: 'model_error', message: 'upstream', nodeId: 'answer' },
        } as RunEvent;
        yield done('failed');
      });
      const events = await drain(s.sut.startRun(start()));
      expect(events.map((e) => e.type)).toEqual(['run', 'error', 'done']);
      expect(events.at(-1)!.data).toMatchObject({ status: 'failed' });
      expect(settledWith(s.runs)).toEqual([
        expect.objectContaining({
          status: 'failed',
          errorInfo: { code: 'model_error', message: 'upstream', nodeId: 'answer' },
          currentNode: 'answer',
        }),
      ]);
    });

    it('start → failed when the engine throws: internal_error, error and done still sent', async () => {
      const s = setup();
      s.runs.insert.mockResolvedValue(row());
      // eslint-disable-next-line require-yield
      s.engine(async function* () {
        throw new Error('boom');
      });
      const events = await drain(s.sut.startRun(start()));
      expect(events.map((e) => e.type)).toEqual(['run', 'error', 'done']);
      expect(events[1]!.data).toEqual({ code: 'internal_error', message: 'The run failed unexpectedly' });
      expect(settledWith(s.runs)[0]).toMatchObject({ status: 'failed' });
    });

    it('start → paused at human input: settled paused at that node, no error', async () => {
      const s = setup();
      s.runs.insert.mockResolvedValue(row());
      s.engine(async function* () {
        yield { type: 'interrupt', data: { nodeId: 'ask', prompt: 'OK?' } } as RunEvent;
        yield done('paused');
      });
      const events = await drain(s.sut.startRun(start()));
      expect(events.map((e) => e.type)).toEqual(['run', 'interrupt', 'done']);
      expect(settledWith(s.runs)).toEqual([
        expect.objectContaining({ status: 'paused', errorInfo: null, currentNode: 'ask' }),
      ]);
    });

    it('start → cancelled by the caller (client gone): settled cancelled with code cancelled', async () => {
      const s = setup();
      s.runs.insert.mockResolvedValue(row());
      s.engine(waitsForAbort);
      const client = new AbortController();
      const events = s.sut.startRun(start({ signal: client.signal }));
      expect((await events.next()).value).toMatchObject({ type: 'run' });
      client.abort();
      const rest = await drain(events);
      expect(rest.at(-1)).toMatchObject({ type: 'done', data: { status: 'cancelled' } });
      expect(settledWith(s.runs)).toEqual([
        expect.objectContaining({
          status: 'cancelled',
          errorInfo: { code: 'cancelled', message: 'aborted' },
        }),
      ]);
    });

    it('start → cancelled when the consumer stops reading', async () => {
      const s = setup();
      s.runs.insert.mockResolvedValue(row());
      s.engine(answers);
      const events = s.sut.startRun(start());
      await events.next();
      await events.return(undefined);
      expect(settledWith(s.runs)).toEqual([
        expect.objectContaining({
          status: 'cancelled',
          errorInfo: { code: 'cancelled', message: 'The run was cancelled' },
        }),
      ]);
    });

    it('start → timed out: an abort by RUN_TIMEOUT_MS is a failure with code timeout, not a cancel', async () => {
      const s = setup({ runTimeoutMs: 1 });
      s.runs.insert.mockResolvedValue(row());
      s.engine(waitsForAbort);
      const events = await drain(s.sut.startRun(start()));
      expect(events.at(-1)).toMatchObject({ type: 'done', data: { status: 'failed' } });
      expect(events.find((e) => e.type === 'error')!.data).toMatchObject({ code: 'timeout' });
      expect(settledWith(s.runs)[0]).toMatchObject({ status: 'failed', errorInfo: { code: 'timeout' } });
    });

    it('start → failed server_shutdown when the process stops (runs it cannot hand back)', async () => {
      const s = setup();
      s.runs.insert.mockResolvedValue(row());
      s.engine(waitsForAbort);
      const events = s.sut.startRun(start());
      await events.next();
      const rest = drain(events);
      await s.sut.beforeApplicationShutdown();
      expect((await rest).at(-1)).toMatchObject({ type: 'done', data: { status: 'failed' } });
      expect(settledWith(s.runs)[0]).toMatchObject({ errorInfo: { code: 'server_shutdown' } });
    });

    it('running → handed back: back to queued without error or done, partial results saved', async () => {
      const s = setup();
      s.runs.insert.mockResolvedValue(row());
      s.runs.handBack.mockResolvedValue(true);
      s.engine(waitsForAbort);
      const queueStop = new AbortController();
      const onHandedBack = jest.fn().mockResolvedValue(undefined);
      const events = s.sut.startRun(start({ handBack: { signal: queueStop.signal, onHandedBack } }));
      await events.next();
      queueStop.abort();
      expect(await drain(events)).toEqual([]);
      expect(s.runs.handBack).toHaveBeenCalledWith(
        'run-1',
        expect.objectContaining({ usage, lastEventId: 1 }),
        manager,
      );
      expect(s.runs.settle).not.toHaveBeenCalled();
      expect(onHandedBack).toHaveBeenCalledTimes(1);
    });
  });

  describe('commands on a recorded run', () => {
    it('execute: queued → running (claimed); refused with run_not_queued when already started', async () => {
      const s = setup();
      s.runs.claimQueued.mockResolvedValueOnce(null);
      s.runs.findById.mockResolvedValueOnce(row({ status: 'running' }));
      await expect(s.sut.executeRun('run-1', { input: 'x' }).next()).rejects.toMatchObject({
        status: 409,
        code: 'run_not_queued',
      });
      s.runs.claimQueued.mockResolvedValueOnce(row());
      s.engine(answers);
      expect((await drain(s.sut.executeRun('run-1', { input: 'x' }))).at(-1)).toMatchObject({ type: 'done' });
    });

    it.each([
      ['resumeRun', 'run_not_paused', 'completed'],
      ['retryRun', 'run_not_failed', 'paused'],
      ['continueRun', 'run_not_queued', 'running'],
    ] as const)(
      '%s refuses a run in the wrong state with %s (409) and claims nothing',
      async (method, code, status) => {
        const s = setup();
        s.runs.findById.mockResolvedValue(row({ status }));
        const events = method === 'resumeRun' ? s.sut.resumeRun('run-1', 'yes') : s.sut[method]('run-1');
        await expect(events.next()).rejects.toMatchObject({ status: 409, code });
        expect(s.runs.claimPaused).not.toHaveBeenCalled();
        expect(s.runs.claimFailed).not.toHaveBeenCalled();
        expect(s.runs.claimHandedBack).not.toHaveBeenCalled();
      },
    );

    it.each(['resumeRun', 'retryRun', 'continueRun'] as const)(
      '%s: 404 for an unknown run',
      async (method) => {
        const s = setup();
        s.runs.findById.mockResolvedValue(null);
        const events = method === 'resumeRun' ? s.sut.resumeRun('run-1', 'yes') : s.sut[method]('run-1');
        await expect(events.next()).rejects.toMatchObject({ status: 404 });
      },
    );

    it('resume: paused → running with the reply, ids above the summary reserve; lost race → run_not_paused', async () => {
      const s = setup();
      s.runs.findById.mockResolvedValue(row({ status: 'paused', lastEventId: 7 }));
      s.steps.lastSeq.mockResolvedValue(2);
      s.steps.findPaused.mockResolvedValue([]);
      s.runs.claimPaused.mockResolvedValueOnce(null);
      await expect(s.sut.resumeRun('run-1', 'yes').next()).rejects.toMatchObject({ code: 'run_not_paused' });
      s.runs.claimPaused.mockResolvedValueOnce(row({ lastEventId: 7 }));
      s.engine(answers);
      const events = await drain(s.sut.resumeRun('run-1', 'yes'));
      expect(jest.mocked(runWorkflow).mock.calls[0]![1]).toMatchObject({
        resume: { value: 'yes' },
        threadId: 'run-1',
      });
      expect(events[0]!.id).toBeGreaterThan(7 + 1);
      expect(settledWith(s.runs)[0]).toMatchObject({ status: 'completed' });
    });

    it('retry: failed → running from the checkpoint; lost race → run_not_failed', async () => {
      const s = setup();
      s.runs.findById.mockResolvedValue(row({ status: 'failed' }));
      s.steps.lastSeq.mockResolvedValue(1);
      s.runs.claimFailed.mockResolvedValueOnce(null);
      await expect(s.sut.retryRun('run-1').next()).rejects.toMatchObject({ code: 'run_not_failed' });
      s.runs.claimFailed.mockResolvedValueOnce(row());
      s.engine(answers);
      await drain(s.sut.retryRun('run-1'));
      expect(jest.mocked(runWorkflow).mock.calls[0]![1]).toMatchObject({ retry: true });
    });

    it('continue: a handed-back run (queued, started before) → running on the same thread', async () => {
      const s = setup();
      s.runs.findById.mockResolvedValue(row({ status: 'queued', startedAt: new Date() }));
      s.steps.lastSeq.mockResolvedValue(1);
      s.runs.claimHandedBack.mockResolvedValueOnce(row());
      s.engine(answers);
      await drain(s.sut.continueRun('run-1'));
      expect(s.runs.claimHandedBack).toHaveBeenCalledWith('run-1');
      // A queued run that never started was not handed back.
      s.runs.findById.mockResolvedValue(row({ status: 'queued', startedAt: null }));
      await expect(s.sut.continueRun('run-1').next()).rejects.toMatchObject({ code: 'run_not_queued' });
    });

    it('end from outside (cancel of a paused run, worker lost): closes its open steps; nothing when already ended', async () => {
      const s = setup();
      s.runs.endUnfinished.mockResolvedValueOnce(row({ status: 'failed' }));
      s.steps.closeRunning.mockResolvedValue(undefined);
      const lost = { code: 'worker_lost', message: 'gone' };
      expect(await s.sut.endRun('run-1', 'failed', lost)).toMatchObject({ status: 'failed' });
      expect(s.steps.closeRunning).toHaveBeenCalledWith('run-1', 'failed');
      s.runs.endUnfinished.mockResolvedValueOnce(null);
      expect(await s.sut.endRun('run-1', 'cancelled', lost)).toBeNull();
      expect(s.steps.closeRunning).toHaveBeenCalledTimes(1);
    });
  });

  it('the strict mocks fail a test on a collaboration it did not expect', async () => {
    const s = setup();
    expect(() => s.runs.findById('x')).toThrow(/RunRepository\.findById\(\) has no mock implementation/);
    expect(() => new EngineError('x', 'y')).not.toThrow();
  });
});
