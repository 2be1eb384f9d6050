import { RUN_SUMMARY_RESERVED_IDS } from '@agenthub/contracts';
import { newTestService } from '../../test/helpers/new-test-service';
import type { AuthUser } from '../common/auth.decorators';
import { RunEventBus } from '../queue/run-event-bus.port';
import { RunQueue } from '../queue/run-queue.port';
import { RunLimitsService } from '../runtime/run-limits.service';
import { RunService } from '../runtime/run.service';
import type { WorkflowExecutionEntity } from '../runtime/workflow-execution.entity';
import { ChatMessageRepository } from './chat-message.repository';
import { ChatRunService } from './chat-run.service';

const user: AuthUser = {
  id: 'user-1',
  email: 'u@example.com',
  displayName: 'U',
  roles: ['user'],
  via: { kind: 'access_token' },
};

function run(patch: Partial<WorkflowExecutionEntity> = {}): WorkflowExecutionEntity {
  return {
    id: 'run-1',
    kind: 'chat',
    status: 'running',
    userId: user.id,
    chatId: 'chat-1',
    messageId: 'msg-1',
    agentVersionId: 'version-1',
    lastEventId: 4,
    promptTokens: 1,
    completionTokens: 2,
    costUsd: 0,
    ...patch,
  } as WorkflowExecutionEntity;
}

/** ChatRunService with every collaborator auto-mocked (strict: an unexpected call throws). */
function setup() {
  const t = newTestService(ChatRunService);
  return {
    ...t,
    runs: t.mock<RunService>(RunService),
    queue: t.mock<RunQueue>(RunQueue),
    bus: t.mock<RunEventBus>(RunEventBus),
    messages: t.mock<ChatMessageRepository>(ChatMessageRepository),
    limits: t.mock<RunLimitsService>(RunLimitsService),
  };
}

type Setup = ReturnType<typeof setup>;

/** What ending a run from outside does: the run, its reply, and the stream's last events. */
function expectEndedExternally(s: Setup, status: 'failed' | 'cancelled', code: string) {
  expect(s.runs.endRun).toHaveBeenCalledWith('run-1', status, expect.objectContaining({ code }));
  expect(s.messages.update).toHaveBeenCalledWith(
    'msg-1',
    expect.objectContaining({
      status,
      metadata: expect.objectContaining({ error: expect.objectContaining({ code }) }),
    }),
  );
  const published = s.bus.publish.mock.calls.map((c) => c[1].type);
  expect(published).toEqual(status === 'failed' ? ['error', 'done'] : ['done']);
  expect(s.bus.publish.mock.calls.at(-1)![1]).toMatchObject({ type: 'done', data: { status } });
  expect(s.bus.resumeSequence).toHaveBeenCalledWith('run-1', '4', RUN_SUMMARY_RESERVED_IDS);
  expect(s.bus.complete).toHaveBeenCalledWith('run-1');
  expect(s.runs.setLastEventId).toHaveBeenCalledWith('run-1', 9);
}

function allowExternalEnd(s: Setup, ended: WorkflowExecutionEntity | null) {
  s.runs.endRun.mockResolvedValue(ended);
  s.messages.findById.mockResolvedValue({ id: 'msg-1', metadata: {} } as never);
  s.messages.update.mockResolvedValue(undefined as never);
  s.bus.resumeSequence.mockResolvedValue(undefined);
  s.bus.publish.mockResolvedValue('9');
  s.bus.complete.mockResolvedValue(undefined);
  s.runs.setLastEventId.mockResolvedValue(undefined);
}

describe('ChatRunService (unit tier, collaborators auto-mocked)', () => {
  describe('cancel', () => {
    it.each(['completed', 'failed', 'cancelled'] as const)(
      'refuses a %s run with 409 run_not_active',
      async (status) => {
        const s = setup();
        s.runs.findRun.mockResolvedValue(run({ status }));
        await expect(s.sut.cancel(user, 'run-1')).rejects.toMatchObject({
          status: 409,
          code: 'run_not_active',
        });
      },
    );

    it.each(['queued', 'running'] as const)(
      'a %s run the queue holds is cancelled through the queue',
      async (status) => {
        const s = setup();
        s.runs.findRun.mockResolvedValue(run({ status }));
        s.queue.cancel.mockResolvedValue(true);
        expect(await s.sut.cancel(user, 'run-1')).toEqual({ runId: 'run-1', status: 'cancelling' });
        expect(s.runs.endRun).not.toHaveBeenCalled();
      },
    );

    it('a running run no process holds is ended here: cancelled, reply settled, done published', async () => {
      const s = setup();
      s.runs.findRun.mockResolvedValue(run());
      s.queue.cancel.mockResolvedValue(false);
      allowExternalEnd(s, run({ status: 'cancelled' }));
      expect(await s.sut.cancel(user, 'run-1')).toEqual({ runId: 'run-1', status: 'cancelled' });
      expectEndedExternally(s, 'cancelled', 'cancelled');
    });

    it('paused → cancelled here without asking the queue', async () => {
      const s = setup();
      s.runs.findRun.mockResolvedValue(run({ status: 'paused' }));
      allowExternalEnd(s, run({ status: 'cancelled' }));
      expect(await s.sut.cancel(user, 'run-1')).toEqual({ runId: 'run-1', status: 'cancelled' });
      expect(s.queue.cancel).not.toHaveBeenCalled();
      expectEndedExternally(s, 'cancelled', 'cancelled');
    });

    it("another user's run is 404 (never says it exists)", async () => {
      const s = setup();
      s.runs.findRun.mockResolvedValue(run({ userId: 'someone-else' }));
      await expect(s.sut.cancel(user, 'run-1')).rejects.toMatchObject({ status: 404 });
    });
  });

  describe('resume and retry', () => {
    it.each([
      ['resume', 'run_not_paused', 'running'],
      ['resume', 'run_not_paused', 'failed'],
      ['retry', 'run_not_failed', 'paused'],
      ['retry', 'run_not_failed', 'completed'],
    ] as const)('%s refuses with 409 %s a run that is %s', async (command, code, status) => {
      const s = setup();
      s.runs.findRun.mockResolvedValue(run({ status }));
      const call = command === 'resume' ? s.sut.resume(user, 'run-1', 'yes') : s.sut.retry(user, 'run-1');
      await expect(call).rejects.toMatchObject({ status: 409, code });
      expect(s.queue.enqueue).not.toHaveBeenCalled();
    });

    it.each([
      ['resume', 'paused'],
      ['retry', 'failed'],
    ] as const)(
      '%s refuses a run without a chat (draft test, /v1) with run_not_resumable',
      async (command, status) => {
        const s = setup();
        s.runs.findRun.mockResolvedValue(run({ status, chatId: null, messageId: null }));
        const call = command === 'resume' ? s.sut.resume(user, 'run-1', 'yes') : s.sut.retry(user, 'run-1');
        await expect(call).rejects.toMatchObject({ status: 409, code: 'run_not_resumable' });
      },
    );

    it('resume: paused → queued to continue, with the reply on the message, after the limits', async () => {
      const s = setup();
      s.runs.findRun.mockResolvedValue(run({ status: 'paused' }));
      s.messages.findById.mockResolvedValue({ id: 'msg-1', metadata: {} } as never);
      s.limits.assertCanStartRun.mockResolvedValue(undefined);
      s.messages.update.mockResolvedValue(undefined as never);
      s.queue.enqueue.mockResolvedValue(undefined);
      expect(await s.sut.resume(user, 'run-1', 'yes')).toMatchObject({ afterId: '4' });
      expect(s.messages.update).toHaveBeenCalledWith('msg-1', {
        status: 'streaming',
        metadata: { resumeInput: 'yes' },
      });
      expect(s.queue.enqueue).toHaveBeenCalledWith('run-1');
    });

    it('retry: failed → queued again with retryRequested, the previous error dropped; refused by the limits first', async () => {
      const s = setup();
      s.runs.findRun.mockResolvedValue(run({ status: 'failed' }));
      s.limits.assertCanStartRun.mockRejectedValueOnce(Object.assign(new Error('quota'), { status: 429 }));
      await expect(s.sut.retry(user, 'run-1')).rejects.toMatchObject({ status: 429 });
      expect(s.queue.enqueue).not.toHaveBeenCalled();

      s.limits.assertCanStartRun.mockResolvedValue(undefined);
      s.messages.findById.mockResolvedValue({
        id: 'msg-1',
        metadata: { error: { code: 'x' }, usage: 1 },
      } as never);
      s.messages.update.mockResolvedValue(undefined as never);
      s.queue.enqueue.mockResolvedValue(undefined);
      await s.sut.retry(user, 'run-1');
      expect(s.messages.update).toHaveBeenCalledWith('msg-1', {
        status: 'streaming',
        metadata: { usage: 1, retryRequested: true },
      });
      expect(s.queue.enqueue).toHaveBeenCalledWith('run-1');
    });
  });

  describe('worker lost, job timeout', () => {
    it.each([
      ['worker_lost', 'worker_lost'],
      ['timeout', 'timeout'],
      ['handler_error', 'internal_error'],
    ] as const)('%s → failed with code %s; error then done on the stream', async (reason, code) => {
      const s = setup();
      allowExternalEnd(s, run({ status: 'failed' }));
      await s.sut.onRunLost('run-1', reason);
      expectEndedExternally(s, 'failed', code);
    });

    it('a run that already ended is left alone (idempotent across processes)', async () => {
      const s = setup();
      s.runs.endRun.mockResolvedValue(null);
      await s.sut.onRunLost('run-1', 'worker_lost');
      expect(s.bus.publish).not.toHaveBeenCalled();
    });
  });

  describe('sweepLostRuns', () => {
    it('ends running runs no worker holds as worker_lost and queues again queued runs the queue lost', async () => {
      const s = setup();
      s.runs.findSweepCandidates.mockResolvedValue({ running: ['a', 'b', 'c'], queued: ['q1', 'q2'] });
      const where = new Map([
        ['a', 'none'],
        ['b', 'executing'],
        ['c', 'waiting'],
        ['q1', 'waiting'],
        ['q2', 'none'],
      ]);
      s.queue.locate.mockResolvedValue(where as never);
      s.queue.enqueue.mockResolvedValue(undefined);
      const lost = jest.spyOn(s.sut, 'onRunLost').mockResolvedValue();

      expect(await s.sut.sweepLostRuns()).toEqual({ lost: ['a', 'c'], requeued: ['q2'] });
      expect(s.queue.locate).toHaveBeenCalledWith(['a', 'b', 'c', 'q1', 'q2']);
      expect(lost.mock.calls).toEqual([
        ['a', 'worker_lost'],
        ['c', 'worker_lost'],
      ]);
      expect(s.queue.enqueue.mock.calls).toEqual([['q2']]);
    });

    it('does not ask the queue when there is nothing to check', async () => {
      const s = setup();
      s.runs.findSweepCandidates.mockResolvedValue({ running: [], queued: [] });
      expect(await s.sut.sweepLostRuns()).toEqual({ lost: [], requeued: [] });
      expect(s.queue.locate).not.toHaveBeenCalled();
    });
  });
});
