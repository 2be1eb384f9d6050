import { RUN_SUMMARY_RESERVED_IDS, type RunEvent, type TokenUsage } from '@agenthub/contracts';
import type { RunEventPosition } from '../queue/run-event-bus.port.js';
import type { WorkflowExecutionEntity } from '../runtime/workflow-execution.entity.js';

/**
 * The replay rules of a run's stream (ARCHITECTURE.md section 6, "Replay"), as pure functions:
 * what `GET /runs/:id/stream` sends for a run that ended, and the summary rebuilt from the
 * database when the run's events are no longer buffered.
 */

export type IdentifiedRunEvent = RunEvent & { id: number };

export type SummaryRun = Pick<
  WorkflowExecutionEntity,
  | 'id'
  | 'status'
  | 'chatId'
  | 'messageId'
  | 'agentVersion'
  | 'lastEventId'
  | 'currentNode'
  | 'errorInfo'
  | 'promptTokens'
  | 'completionTokens'
  | 'costUsd'
>;

/** The run's reply as stored (null for a run without one: `/v1`, draft test runs). */
export interface SummaryMessage {
  content: string;
  /** The question of a run paused at human input. */
  prompt?: string;
}

const ENDED = new Set(['completed', 'failed', 'cancelled', 'paused']);
export const isEndedRun = (status: string): boolean => ENDED.has(status);

/**
 * A run rebuilt from its row and its stored reply: `run` (with `summary: true`), the answer as
 * one `message`, the pending question (`interrupt`) of a paused run or the `error` of a failed
 * one, and `done` with its output. A run still going gets no `done` (it has none yet).
 *
 * Ids are `afterId + 1`, `+ 2`, …, `afterId` being the run's last id (or a higher id the bus
 * reached). They never collide with published ids: at most RUN_SUMMARY_RESERVED_IDS events, and a
 * run that goes on after a `done` publishes above the ids kept free for them.
 */
export function buildRunSummary(
  run: SummaryRun,
  message: SummaryMessage | null,
  afterId = run.lastEventId,
): IdentifiedRunEvent[] {
  const events: RunEvent[] = [
    {
      type: 'run',
      data: {
        runId: run.id,
        ...(run.chatId ? { chatId: run.chatId } : {}),
        ...(run.messageId ? { messageId: run.messageId } : {}),
        ...(run.agentVersion ? { agentVersion: run.agentVersion } : {}),
        summary: true,
      },
    },
  ];
  const output = message?.content ?? '';
  if (output) events.push({ type: 'message', data: { delta: output } });
  if (isEndedRun(run.status)) {
    const status = run.status as 'completed' | 'failed' | 'cancelled' | 'paused';
    if (status === 'paused' && message?.prompt)
      events.push({
        type: 'interrupt',
        data: { nodeId: run.currentNode ?? '', prompt: message.prompt },
      });
    if (status === 'failed' && run.errorInfo)
      events.push({
        type: 'error',
        data: {
          code: run.errorInfo.code,
          message: run.errorInfo.message,
          ...(run.errorInfo.nodeId ? { nodeId: run.errorInfo.nodeId } : {}),
        },
      });
    const usage: TokenUsage = {
      promptTokens: run.promptTokens,
      completionTokens: run.completionTokens,
      costUsd: run.costUsd,
    };
    events.push({
      type: 'done',
      data: {
        runId: run.id,
        ...(run.messageId ? { messageId: run.messageId } : {}),
        status,
        usage,
        ...(message ? { output } : {}),
      },
    });
  }
  return events.slice(0, RUN_SUMMARY_RESERVED_IDS).map((e, i) => ({ ...e, id: afterId + i + 1 }));
}

/**
 * How long a stream of an ended run waits for its next buffered event: its end may be recorded in
 * the row but not yet on the bus (published right after, maybe by another process), or never
 * reach it (a bus failure); then the stream goes on from the row instead of hanging.
 */
export const ENDED_RUN_GRACE_MS = 1000;

type FromRow = { from: 'summary'; afterId: number } | { from: 'nothing' };

export type EndedRunReplay =
  /**
   * The buffered events after the client's id, then on to the run's final `done` (the one with
   * id `through`, or the bus's last one). When no event comes for ENDED_RUN_GRACE_MS before
   * that: `otherwise` if none came at all, else the summary above the last one sent.
   */
  | { from: 'bus'; through: number; otherwise: FromRow }
  /** The summary's events with an id above the client's (all of them when it had none). */
  | FromRow;

/**
 * What a stream of a run that ended (or paused) sends after `after` (Last-Event-ID, 0 = none):
 * exactly the events above it while the bus still has all of them, nothing when it is the final
 * event (or the last one of a summary), else the summary.
 */
export function planEndedRunReplay(
  after: number,
  run: Pick<SummaryRun, 'lastEventId'>,
  position: RunEventPosition | null,
): EndedRunReplay {
  // Summary ids start above the highest id known (the row's, or the bus's when it went further).
  const summaryAfter = Math.max(run.lastEventId, position?.lastId ?? 0);
  const seenEnd = after > 0 && after >= summaryAfter;
  // At or after the run's last id: the rest of a summary the client saw part of, or nothing.
  const otherwise: FromRow =
    !seenEnd || (after > summaryAfter && after < summaryAfter + RUN_SUMMARY_RESERVED_IDS)
      ? { from: 'summary', afterId: summaryAfter }
      : { from: 'nothing' };
  const buffered = position !== null && after >= position.floor;
  // More on the bus, or the end not on it yet.
  if (buffered && (position.lastId > after || !position.endsWithDone))
    return { from: 'bus', through: Math.max(run.lastEventId, position.lastId), otherwise };
  return otherwise;
}
