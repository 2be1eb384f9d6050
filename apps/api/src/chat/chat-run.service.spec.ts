import type { RunQueue } from '../queue/run-queue.port';
import type { RunService } from '../runtime/run.service';
import { ChatRunService } from './chat-run.service';

/** ChatRunService with only the collaborators a test gives; the rest throw if touched. */
function service(parts: { runs?: Partial<RunService>; queue?: Partial<RunQueue> }): ChatRunService {
  const none = undefined as never;
  return new ChatRunService(
    none,
    none,
    none,
    none,
    parts.runs as RunService,
    parts.queue as RunQueue,
    none,
    none,
    none,
    none,
    none,
  );
}

describe('ChatRunService.sweepLostRuns', () => {
  it('ends running runs no worker holds as worker_lost and queues again queued runs the queue lost', async () => {
    const runs = {
      findSweepCandidates: jest.fn().mockResolvedValue({ running: ['a', 'b', 'c'], queued: ['q1', 'q2'] }),
    };
    const where = new Map([
      ['a', 'none'],
      ['b', 'executing'],
      ['c', 'waiting'],
      ['q1', 'waiting'],
      ['q2', 'none'],
    ]);
    const queue = {
      locate: jest.fn().mockResolvedValue(where),
      enqueue: jest.fn().mockResolvedValue(undefined),
    };
    const svc = service({ runs, queue });
    const lost = jest.spyOn(svc, 'onRunLost').mockResolvedValue();

    expect(await svc.sweepLostRuns()).toEqual({ lost: ['a', 'c'], requeued: ['q2'] });
    expect(queue.locate).toHaveBeenCalledWith(['a', 'b', 'c', 'q1', 'q2']);
    expect(lost.mock.calls).toEqual([
      ['a', 'worker_lost'],
      ['c', 'worker_lost'],
    ]);
    expect(queue.enqueue.mock.calls).toEqual([['q2']]);
  });

  it('does not ask the queue when there is nothing to check', async () => {
    const queue = { locate: jest.fn() };
    const svc = service({
      runs: { findSweepCandidates: jest.fn().mockResolvedValue({ running: [], queued: [] }) },
      queue,
    });
    expect(await svc.sweepLostRuns()).toEqual({ lost: [], requeued: [] });
    expect(queue.locate).not.toHaveBeenCalled();
  });
});
