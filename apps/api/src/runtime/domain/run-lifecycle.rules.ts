import type { RunState } from '@agenthub/contracts';
import { DomainError } from '../../common/domain-error.js';

/**
 * The run lifecycle as pure rules (no Nest, no database): `(phase, command) → transition |
 * refusal`. The stored status is a {@link RunState}; a `queued` run that had started before is
 * `handed_back` here (a stopping worker gave it back; `continue` picks it up from its checkpoint).
 *
 * queued ──start──▶ running ──complete──▶ completed
 *                    │ ├──fail / time_out / worker_lost──▶ failed ──retry──▶ running
 *                    │ ├──pause──▶ paused ──resume──▶ running
 *                    │ └──hand_back──▶ handed_back ──continue──▶ running
 * cancel: queued, handed_back, running, paused ──▶ cancelled
 *
 * The database claims (`UPDATE … WHERE status = …`) stay the guard against races; these rules
 * decide what a caller may ask for and word the refusal.
 */
export type RunPhase = RunState | 'handed_back';

export const RUN_COMMANDS = [
  'start',
  'pause',
  'resume',
  'retry',
  'cancel',
  'hand_back',
  'continue',
  'fail',
  'complete',
  'time_out',
  'worker_lost',
] as const;
export type RunCommand = (typeof RUN_COMMANDS)[number];

export const RUN_PHASES: readonly RunPhase[] = [
  'queued',
  'handed_back',
  'running',
  'paused',
  'completed',
  'failed',
  'cancelled',
];

/** Refusal codes (kept from before the rules existed: clients and tests match them). */
export const RunLifecycleCodes = {
  notQueued: 'run_not_queued',
  notRunning: 'run_not_running',
  notPaused: 'run_not_paused',
  notFailed: 'run_not_failed',
  notActive: 'run_not_active',
} as const;

interface Rule {
  from: readonly RunPhase[];
  to: RunPhase;
  code: (typeof RunLifecycleCodes)[keyof typeof RunLifecycleCodes];
  /** Why not, from the phase the run is in. */
  refusal: (phase: RunPhase) => string;
}

const label = (phase: RunPhase) => (phase === 'handed_back' ? 'handed back' : phase);
const UNFINISHED: readonly RunPhase[] = ['queued', 'handed_back', 'running', 'paused'];
const running = (what: string): Omit<Rule, 'to'> => ({
  from: ['running'],
  code: RunLifecycleCodes.notRunning,
  refusal: (p) => `Run is ${label(p)}; only a running run can ${what}`,
});

const RULES: Record<RunCommand, Rule> = {
  start: {
    from: ['queued'],
    to: 'running',
    code: RunLifecycleCodes.notQueued,
    refusal: (p) => `Run is ${label(p)}; only a queued run can start`,
  },
  pause: { ...running('pause'), to: 'paused' },
  resume: {
    from: ['paused'],
    to: 'running',
    code: RunLifecycleCodes.notPaused,
    refusal: (p) => `Run is ${label(p)}; only a paused run can be resumed`,
  },
  retry: {
    from: ['failed'],
    to: 'running',
    code: RunLifecycleCodes.notFailed,
    refusal: (p) => `Run is ${label(p)}; only a failed run can be retried`,
  },
  cancel: {
    from: UNFINISHED,
    to: 'cancelled',
    code: RunLifecycleCodes.notActive,
    refusal: (p) => `Run is already ${label(p)}`,
  },
  hand_back: { ...running('be handed back'), to: 'handed_back' },
  continue: {
    from: ['handed_back'],
    to: 'running',
    code: RunLifecycleCodes.notQueued,
    refusal: (p) => `Run is ${label(p)}; it was not handed back`,
  },
  fail: { ...running('fail'), to: 'failed' },
  complete: { ...running('complete'), to: 'completed' },
  time_out: { ...running('time out'), to: 'failed' },
  // The worker holding it (or its job) vanished: queued and handed-back runs have a job too.
  worker_lost: {
    from: ['queued', 'handed_back', 'running'],
    to: 'failed',
    code: RunLifecycleCodes.notActive,
    refusal: (p) => `Run is ${label(p)}; no worker holds it`,
  },
};

/** A command the run's phase does not allow: a 409 with the rule's code. */
export class RunLifecycleError extends DomainError {
  constructor(
    code: Rule['code'],
    message: string,
    readonly phase: RunPhase,
    readonly command: RunCommand,
  ) {
    super(409, code, message);
    this.name = 'RunLifecycleError';
  }
}

export type RunTransition =
  { ok: true; from: RunPhase; to: RunPhase } | { ok: false; error: RunLifecycleError };

/** The lifecycle phase of a stored run. */
export function runPhase(run: { status: RunState; startedAt: Date | null }): RunPhase {
  return run.status === 'queued' && !!run.startedAt ? 'handed_back' : run.status;
}

/** What `command` does to a run in `phase`: the transition, or the typed refusal. */
export function runTransition(phase: RunPhase, command: RunCommand): RunTransition {
  const rule = RULES[command];
  if (rule.from.includes(phase)) return { ok: true, from: phase, to: rule.to };
  return { ok: false, error: new RunLifecycleError(rule.code, rule.refusal(phase), phase, command) };
}

/** {@link runTransition}, throwing the refusal; returns the phase the run moves to. */
export function assertRunTransition(phase: RunPhase, command: RunCommand): RunPhase {
  const result = runTransition(phase, command);
  if (!result.ok) throw result.error;
  return result.to;
}
