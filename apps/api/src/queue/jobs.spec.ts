import { JOBS, JobHandlers, MissingJobHandlerError } from './jobs';
import { assertJobsHandled, NoRunHandlerError } from './run-queue.port';

describe('job catalogue', () => {
  it('names every job with its queue and wire name (what BullMQ stores; renaming strands queued jobs)', () => {
    expect(JOBS).toEqual({
      run: { queue: 'runs', name: 'run', periodic: false },
      runSweep: { queue: 'maintenance', name: 'sweep', schedulerId: 'run-sweep', periodic: true },
    });
  });

  it('takes one run handler per process and any number of sweep tasks', () => {
    const jobs = new JobHandlers();
    const run = jest.fn();
    jobs.register('run', run);
    expect(() => jobs.register('run', jest.fn())).toThrow(/already registered/);
    const [a, b] = [jest.fn(), jest.fn()];
    jobs.register('runSweep', a);
    jobs.register('runSweep', b);
    expect(jobs.handler('run')).toBe(run);
    expect(jobs.all('runSweep')).toEqual([a, b]);
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
});
