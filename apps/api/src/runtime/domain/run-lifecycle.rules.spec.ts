import {
  assertRunTransition,
  RUN_COMMANDS,
  RUN_PHASES,
  type RunCommand,
  RunLifecycleError,
  type RunPhase,
  runPhase,
  runTransition,
} from './run-lifecycle.rules';

/**
 * Every phase × every command: the phase it moves to, or the refusal code. A cell is a string:
 * `→x` for a transition to x, else the 409 code.
 */
const TABLE: Record<RunPhase, Record<RunCommand, string>> = {
  // prettier-ignore
  queued:      { start: '→running', pause: 'run_not_running', resume: 'run_not_paused', retry: 'run_not_failed', cancel: '→cancelled', hand_back: 'run_not_running', continue: 'run_not_queued', fail: 'run_not_running', complete: 'run_not_running', time_out: 'run_not_running', worker_lost: '→failed' },
  // prettier-ignore
  handed_back: { start: 'run_not_queued', pause: 'run_not_running', resume: 'run_not_paused', retry: 'run_not_failed', cancel: '→cancelled', hand_back: 'run_not_running', continue: '→running', fail: 'run_not_running', complete: 'run_not_running', time_out: 'run_not_running', worker_lost: '→failed' },
  // prettier-ignore
  running:     { start: 'run_not_queued', pause: '→paused', resume: 'run_not_paused', retry: 'run_not_failed', cancel: '→cancelled', hand_back: '→handed_back', continue: 'run_not_queued', fail: '→failed', complete: '→completed', time_out: '→failed', worker_lost: '→failed' },
  // prettier-ignore
  paused:      { start: 'run_not_queued', pause: 'run_not_running', resume: '→running', retry: 'run_not_failed', cancel: '→cancelled', hand_back: 'run_not_running', continue: 'run_not_queued', fail: 'run_not_running', complete: 'run_not_running', time_out: 'run_not_running', worker_lost: 'run_not_active' },
  // prettier-ignore
  completed:   { start: 'run_not_queued', pause: 'run_not_running', resume: 'run_not_paused', retry: 'run_not_failed', cancel: 'run_not_active', hand_back: 'run_not_running', continue: 'run_not_queued', fail: 'run_not_running', complete: 'run_not_running', time_out: 'run_not_running', worker_lost: 'run_not_active' },
  // prettier-ignore
  failed:      { start: 'run_not_queued', pause: 'run_not_running', resume: 'run_not_paused', retry: '→running', cancel: 'run_not_active', hand_back: 'run_not_running', continue: 'run_not_queued', fail: 'run_not_running', complete: 'run_not_running', time_out: 'run_not_running', worker_lost: 'run_not_active' },
  // prettier-ignore
  cancelled:   { start: 'run_not_queued', pause: 'run_not_running', resume: 'run_not_paused', retry: 'run_not_failed', cancel: 'run_not_active', hand_back: 'run_not_running', continue: 'run_not_queued', fail: 'run_not_running', complete: 'run_not_running', time_out: 'run_not_running', worker_lost: 'run_not_active' },
};

const cells = RUN_PHASES.flatMap((phase) =>
  RUN_COMMANDS.map((command) => [phase, command, TABLE[phase][command]] as const),
);

describe('run lifecycle rules', () => {
  it('the table covers every phase × every command', () => {
    expect(cells).toHaveLength(RUN_PHASES.length * RUN_COMMANDS.length);
    for (const phase of RUN_PHASES)
      expect(Object.keys(TABLE[phase]).sort()).toEqual([...RUN_COMMANDS].sort());
  });

  it.each(cells)('%s + %s → %s', (phase, command, expected) => {
    const result = runTransition(phase, command);
    if (expected.startsWith('→')) {
      expect(result).toEqual({ ok: true, from: phase, to: expected.slice(1) });
      expect(assertRunTransition(phase, command)).toBe(expected.slice(1));
    } else {
      expect(result.ok).toBe(false);
      const error = (result as { error: RunLifecycleError }).error;
      expect(error).toBeInstanceOf(RunLifecycleError);
      expect(error).toMatchObject({ status: 409, code: expected, phase, command });
      expect(() => assertRunTransition(phase, command)).toThrow(error.message);
    }
  });

  it('words refusals as before (clients show them)', () => {
    expect(() => assertRunTransition('completed', 'resume')).toThrow(
      'Run is completed; only a paused run can be resumed',
    );
    expect(() => assertRunTransition('paused', 'retry')).toThrow(
      'Run is paused; only a failed run can be retried',
    );
    expect(() => assertRunTransition('cancelled', 'cancel')).toThrow('Run is already cancelled');
    expect(() => assertRunTransition('queued', 'continue')).toThrow('Run is queued; it was not handed back');
  });

  it('a queued run that had started is handed back', () => {
    expect(runPhase({ status: 'queued', startedAt: null })).toBe('queued');
    expect(runPhase({ status: 'queued', startedAt: new Date() })).toBe('handed_back');
    expect(runPhase({ status: 'paused', startedAt: new Date() })).toBe('paused');
  });
});
