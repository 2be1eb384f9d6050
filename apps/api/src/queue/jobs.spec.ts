import { JOBS, JobHandlers, MissingJobHandlerError, PERIODIC_JOBS, periodicJobByName } from './jobs';
import { assertJobsHandled, NoRunHandlerError } from './run-queue.port';

describe('job catalogue', () => {
  it('names every job with its queue and wire name (what BullMQ stores; renaming strands queued jobs)', () => {
    expect(JOBS).toEqual({
      run: { queue: 'runs', name: 'run', periodic: false },
      runSweep: {
        queue: 'maintenance',
        name: 'sweep',
        schedulerId: 'run-sweep',
        periodic: true,
        atBoot: true,
      },
      checkpointRetention: {
        queue: 'maintenance',
        name: 'checkpoint-retention',
        schedulerId: 'checkpoint-retention',
        periodic: true,
        atBoot: true,
      },
      mcpHealth: {
        queue: 'maintenance',
        name: 'mcp-health',
        schedulerId: 'mcp-health',
        periodic: true,
        atBoot: false,
      },
    });
  });

  it('lists the periodic jobs and finds each by its wire name; names and scheduler ids are unique', () => {
    expect(PERIODIC_JOBS).toEqual(['runSweep', 'checkpointRetention', 'mcpHealth']);
    for (const job of PERIODIC_JOBS) expect(periodicJobByName(JOBS[job].name)).toBe(job);
    expect(periodicJobByName('run')).toBeUndefined();
    expect(periodicJobByName('nope')).toBeUndefined();
    expect(new Set(PERIODIC_JOBS.map((j) => JOBS[j].name)).size).toBe(PERIODIC_JOBS.length);
    expect(new Set(PERIODIC_JOBS.map((j) => JOBS[j].schedulerId)).size).toBe(PERIODIC_JOBS.length);
  });

  it('takes one run handler per process and any number of tasks per periodic job', () => {
    const jobs = new JobHandlers();
    const run = jest.fn();
    jobs.register('run', run);
    expect(() => jobs.register('run', jest.fn())).toThrow(/already registered/);
    const [a, b] = [jest.fn(), jest.fn()];
    jobs.registerPeriodic('runSweep', 1000, a);
    jobs.registerPeriodic('runSweep', 1000, b);
    expect(jobs.handler('run')).toBe(run);
    expect(jobs.all('runSweep')).toEqual([a, b]);
  });

  it('keeps one interval per periodic job; refuses a conflicting or invalid one; 0 is off but registered', () => {
    const jobs = new JobHandlers();
    jobs.registerPeriodic('runSweep', 1000, jest.fn());
    expect(() => jobs.registerPeriodic('runSweep', 2000, jest.fn())).toThrow(
      /already scheduled every 1000 ms/,
    );
    expect(() => jobs.registerPeriodic('mcpHealth', -1, jest.fn())).toThrow(/non-negative/);
    expect(() => jobs.registerPeriodic('mcpHealth', 1.5, jest.fn())).toThrow(/whole/);
    jobs.registerPeriodic('mcpHealth', 0, jest.fn());
    jobs.registerPeriodic('checkpointRetention', 86_400_000, jest.fn());
    expect(jobs.schedules()).toEqual([
      { job: 'runSweep', everyMs: 1000, atBoot: true },
      { job: 'checkpointRetention', everyMs: 86_400_000, atBoot: true },
      { job: 'mcpHealth', everyMs: 0, atBoot: false },
    ]);
  });

  it('fails the boot check for a required job without a handler', () => {
    const jobs = new JobHandlers();
    expect(jobs.missing(['run', 'runSweep'])).toEqual(['run', 'runSweep']);
    expect(() => assertJobsHandled(jobs, ['run'])).toThrow(NoRunHandlerError);
    expect(() => assertJobsHandled(jobs, ['runSweep'])).toThrow(MissingJobHandlerError);
    expect(() => assertJobsHandled(jobs, ['runSweep'])).toThrow(/"runSweep"/);
    expect(() => assertJobsHandled(jobs, [])).not.toThrow();
    jobs.register('run', jest.fn());
    expect(() => assertJobsHandled(jobs, ['run'])).not.toThrow();
    expect(new NoRunHandlerError()).toBeInstanceOf(MissingJobHandlerError);
  });

  it('requires every periodic job once a process handles one (its maintenance worker takes any of them)', () => {
    const jobs = new JobHandlers();
    expect(jobs.requiredPeriodic()).toEqual([]);
    jobs.registerPeriodic('runSweep', 1000, jest.fn());
    expect(jobs.requiredPeriodic()).toEqual(PERIODIC_JOBS);
    expect(() => assertJobsHandled(jobs, jobs.requiredPeriodic())).toThrow(
      /"checkpointRetention", "mcpHealth"/,
    );
    jobs.registerPeriodic('checkpointRetention', 1000, jest.fn());
    jobs.registerPeriodic('mcpHealth', 0, jest.fn());
    expect(() => assertJobsHandled(jobs, jobs.requiredPeriodic())).not.toThrow();
  });
});
