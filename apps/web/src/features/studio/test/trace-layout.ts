import type { RunStep, RunStepState } from '@agenthub/contracts';

/** One bar of the run trace: a step (one node execution) on its lane. */
export interface TraceBar {
  stepId: string;
  nodeId: string;
  nodeType: string;
  status: RunStepState;
  /** 0-based lane: steps that overlap in time (parallel branches) get different lanes. */
  lane: number;
  /** The node's n-th execution in this run (1, 2, … : loops unrolled, retries after a failure). */
  iteration: number;
  /** Start and length relative to the run's first step, in ms. */
  offsetMs: number;
  durationMs: number;
}

export interface TraceLayout {
  bars: TraceBar[];
  lanes: number;
  /** From the first step's start to the last step's end. */
  totalMs: number;
}

const ms = (iso: string) => new Date(iso).getTime();

/**
 * The run trace as a Gantt: steps in start order (then by `seq`), each on the first lane whose
 * previous bar ended by its start, so parallel branches sit on lanes of their own and a linear run
 * stays on one. A step still running lasts until `now`. Every execution of a node is its own bar
 * (loops unrolled), numbered by `iteration`.
 */
export function layoutTrace(steps: readonly RunStep[], now: number): TraceLayout {
  const ordered = [...steps].sort((a, b) => ms(a.startedAt) - ms(b.startedAt) || a.seq - b.seq);
  if (ordered.length === 0) return { bars: [], lanes: 0, totalMs: 0 };
  const origin = ms(ordered[0]!.startedAt);
  const laneEnds: number[] = [];
  const seen = new Map<string, number>();
  let end = origin;
  const bars = ordered.map((step) => {
    const start = ms(step.startedAt);
    const stop = step.finishedAt
      ? ms(step.finishedAt)
      : step.durationMs !== null
        ? start + step.durationMs
        : Math.max(now, start);
    let lane = laneEnds.findIndex((laneEnd) => laneEnd <= start);
    if (lane === -1) lane = laneEnds.push(stop) - 1;
    else laneEnds[lane] = stop;
    end = Math.max(end, stop);
    const iteration = (seen.get(step.nodeId) ?? 0) + 1;
    seen.set(step.nodeId, iteration);
    return {
      stepId: step.id,
      nodeId: step.nodeId,
      nodeType: step.nodeType,
      status: step.status,
      lane,
      iteration,
      offsetMs: start - origin,
      durationMs: stop - start,
    };
  });
  return { bars, lanes: laneEnds.length, totalMs: end - origin };
}

/** The node's steps, newest first (clicking a node on the canvas shows these). */
export function stepsOfNode(steps: readonly RunStep[], nodeId: string): RunStep[] {
  return steps.filter((s) => s.nodeId === nodeId).sort((a, b) => b.seq - a.seq);
}
