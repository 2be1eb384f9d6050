import { Logger } from '@nestjs/common';
import { InlinePeriodicScheduler } from './inline-periodic.scheduler';
import { JobHandlers } from './jobs';

const logger = new Logger('test');

describe('InlinePeriodicScheduler', () => {
  afterEach(() => jest.useRealTimers());

  it('runs the atBoot jobs once at start, then each job on its own interval; off jobs never', async () => {
    jest.useFakeTimers();
    const jobs = new JobHandlers();
    const ran: string[] = [];
    jobs.registerPeriodic('runSweep', 1000, async () => void ran.push('sweep'));
    jobs.registerPeriodic('checkpointRetention', 5000, async () => void ran.push('retention'));
    jobs.registerPeriodic('mcpHealth', 0, async () => void ran.push('mcp'));
    const scheduler = new InlinePeriodicScheduler(jobs, logger);
    await scheduler.start();
    expect(ran).toEqual(['sweep', 'retention']);
    ran.length = 0;
    await jest.advanceTimersByTimeAsync(5000);
    expect(ran.filter((r) => r === 'sweep')).toHaveLength(5);
    expect(ran.filter((r) => r === 'retention')).toHaveLength(1);
    expect(ran).not.toContain('mcp');
    scheduler.close();
    ran.length = 0;
    await jest.advanceTimersByTimeAsync(10_000);
    expect(ran).toEqual([]);
  });

  it('skips a tick while the previous tick of the same job runs; a failing task does not stop the others', async () => {
    const jobs = new JobHandlers();
    let release!: () => void;
    const slow = jest.fn(() => new Promise<void>((r) => (release = r)));
    const after = jest.fn(async () => undefined);
    jobs.registerPeriodic('mcpHealth', 60_000, slow);
    jobs.registerPeriodic('runSweep', 60_000, async () => {
      throw new Error('boom');
    });
    jobs.registerPeriodic('runSweep', 60_000, after);
    const scheduler = new InlinePeriodicScheduler(jobs, logger);
    const first = scheduler.tick('mcpHealth');
    await scheduler.tick('mcpHealth');
    expect(slow).toHaveBeenCalledTimes(1);
    release();
    await first;
    await scheduler.tick('runSweep');
    expect(after).toHaveBeenCalledWith({ id: 'runSweep:2' });
    scheduler.close();
  });
});
