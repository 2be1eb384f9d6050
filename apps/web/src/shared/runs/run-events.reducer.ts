import type {
  ChatMessage,
  ChatMessageStatus,
  HumanInputChoice,
  RetrievedChunk,
  RunEvent,
  RunEventData,
  TokenUsage,
} from '@agenthub/contracts';

/**
 * The pure heart of the chat stream: run events (ARCHITECTURE.md section 6) → the state of one
 * message on screen. No Vue and no fetch here, so every case (reconnects, replays, retries) is
 * unit-tested in milliseconds.
 */

/** A run event as it arrives over SSE: its monotonic id per run plus the typed payload. */
export type RunStreamEvent = RunEvent & { id: number };

export interface ThoughtBlock {
  kind: 'thought';
  nodeId: string;
  content: string;
}
export interface ToolBlock {
  kind: 'tool';
  nodeId: string;
  name: string;
  args: unknown;
  status: RunEventData<'tool'>['status'];
  result?: unknown;
}
export type ActivityBlock = ThoughtBlock | ToolBlock;

export interface MessageError {
  code: string;
  message: string;
}

/** One message as the conversation shows it: the stored message plus what its run streamed. */
export interface MessageView {
  id: string;
  chatId: string;
  parentMessageId: string | null;
  role: 'user' | 'assistant';
  content: string;
  status: ChatMessageStatus;
  runId: string | null;
  createdAt: string;
  agentVersion?: string;
  usage?: TokenUsage;
  error?: MessageError;
  /** The question of a paused run (human input). */
  prompt?: string;
  /** Its answers offered as buttons, and whether a reply naming none of them is accepted. */
  choices?: HumanInputChoice[];
  allowFreeText?: boolean;
  /** The node running now, while streaming. */
  currentNode: { nodeId: string; type: string } | null;
  activity: ActivityBlock[];
  /** Passages retrieval nodes found: the answer's numbered citations. */
  sources: RetrievedChunk[];
  /** Answer text per node, in first-seen order: a retry drops the failed node's partial text. */
  nodeText: Array<[nodeId: string, text: string]>;
  /** The node that failed (from `error`), whose text a retry replaces. */
  failedNodeId?: string;
  /** Highest event id applied; events at or below it are replays and are ignored. */
  lastEventId: number;
}

const DONE_STATUS: Record<RunEventData<'done'>['status'], ChatMessageStatus> = {
  completed: 'completed',
  failed: 'failed',
  cancelled: 'cancelled',
  paused: 'paused',
};

const NO_QUESTION = { prompt: undefined, choices: undefined, allowFreeText: undefined } as const;

/** The question a paused run asks, from the `interrupt` event or the stored reply's metadata. */
function pausedQuestion(q: {
  prompt?: string;
  choices?: HumanInputChoice[];
  allowFreeText?: boolean;
}): Pick<MessageView, 'prompt' | 'choices' | 'allowFreeText'> {
  return q.choices?.length
    ? { prompt: q.prompt, choices: q.choices, allowFreeText: q.allowFreeText ?? true }
    : { ...NO_QUESTION, prompt: q.prompt };
}

/** A stored message (GET /chats/:id/messages) as a view with no streamed state yet. */
export function messageViewFrom(m: ChatMessage): MessageView {
  return {
    id: m.id,
    chatId: m.chatId,
    parentMessageId: m.parentMessageId,
    role: m.role,
    content: m.content,
    status: m.status,
    runId: m.runId,
    createdAt: m.createdAt,
    agentVersion: m.metadata.agentVersion,
    usage: m.metadata.usage,
    // A cancelled reply carries a `cancelled` error in its metadata: being cancelled is not an error.
    error: m.status === 'failed' ? m.metadata.error : undefined,
    ...(m.status === 'paused' ? pausedQuestion(m.metadata) : {}),
    currentNode: null,
    activity: [],
    sources: m.metadata.sources ?? [],
    nodeText: m.content ? [['', m.content]] : [],
    lastEventId: 0,
  };
}

/** A message about to be streamed into (an optimistic reply, a test run's answer). */
export function blankMessageView(
  chatId: string,
  role: 'user' | 'assistant',
  id: string,
  parentMessageId: string | null,
  createdAt: string,
): MessageView {
  return {
    id,
    chatId,
    parentMessageId,
    role,
    content: '',
    status: 'streaming',
    runId: null,
    createdAt,
    currentNode: null,
    activity: [],
    sources: [],
    nodeText: [],
    lastEventId: 0,
  };
}

/** Before re-attaching to a run from its first event: the replay rebuilds text and activity. */
export function resetForReplay(view: MessageView): MessageView {
  return {
    ...view,
    content: '',
    nodeText: [],
    activity: [],
    sources: [],
    currentNode: null,
    error: undefined,
    failedNodeId: undefined,
    ...NO_QUESTION,
    status: 'streaming',
    lastEventId: 0,
  };
}

const joinText = (nodeText: MessageView['nodeText']) => nodeText.map(([, text]) => text).join('');

/**
 * A run that had stopped (paused at human input, or failed) sends events again: it was resumed or
 * retried. A retry re-runs the failed node from scratch, so its partial text goes (as on the server).
 */
function continued(view: MessageView): MessageView {
  if (view.status !== 'paused' && view.status !== 'failed') return view;
  const nodeText =
    view.status === 'failed' && view.failedNodeId !== undefined
      ? view.nodeText.filter(([node]) => node !== view.failedNodeId)
      : view.nodeText;
  return {
    ...view,
    status: 'streaming',
    ...NO_QUESTION,
    error: undefined,
    failedNodeId: undefined,
    nodeText,
    content: joinText(nodeText),
  };
}

/**
 * Applies one event to a message. Returns the same object when the event changes nothing, in
 * particular for an id at or below `lastEventId` (a reconnect replays from Last-Event-ID, and a
 * replay from the start repeats what was already applied). A summary's `run` event (`summary:
 * true`) starts the message over: its `message` carries the whole answer.
 */
export function applyRunEvent(view: MessageView, event: RunStreamEvent): MessageView {
  if (event.id <= view.lastEventId) return view;
  // A summary (the run's events had expired): rebuilt from the database, it replaces what was shown.
  if (event.type === 'run' && event.data.summary)
    return { ...resetForReplay(view), runId: event.data.runId, lastEventId: event.id };
  const base: MessageView = { ...(event.type === 'done' ? view : continued(view)), lastEventId: event.id };

  switch (event.type) {
    case 'run':
      return {
        ...base,
        runId: event.data.runId,
        agentVersion: event.data.agentVersion ?? base.agentVersion,
        status: 'streaming',
      };
    case 'node': {
      const { nodeId, type, status } = event.data;
      if (status === 'started') return { ...base, currentNode: { nodeId, type } };
      return base.currentNode?.nodeId === nodeId ? { ...base, currentNode: null } : base;
    }
    case 'message': {
      const node = event.data.nodeId ?? '';
      const nodeText = [...base.nodeText];
      const at = nodeText.findIndex(([id]) => id === node);
      if (at === -1) nodeText.push([node, event.data.delta]);
      else nodeText[at] = [node, nodeText[at]![1] + event.data.delta];
      return { ...base, nodeText, content: base.content + event.data.delta };
    }
    case 'thought': {
      const last = base.activity[base.activity.length - 1];
      // Thoughts stream token by token: one block per node while it keeps thinking.
      if (last?.kind === 'thought' && last.nodeId === event.data.nodeId) {
        const activity = base.activity.slice(0, -1);
        activity.push({ ...last, content: last.content + event.data.content });
        return { ...base, activity };
      }
      return {
        ...base,
        activity: [
          ...base.activity,
          { kind: 'thought', nodeId: event.data.nodeId, content: event.data.content },
        ],
      };
    }
    case 'tool': {
      const { nodeId, name, args, status, result } = event.data;
      const block: ToolBlock = { kind: 'tool', nodeId, name, args, status, result };
      if (status !== 'started') {
        // The end of a call updates the block its start opened.
        const open = findLastIndex(
          base.activity,
          (b) => b.kind === 'tool' && b.nodeId === nodeId && b.name === name && b.status === 'started',
        );
        if (open !== -1) {
          const activity = [...base.activity];
          activity[open] = { ...block, args: args ?? (activity[open] as ToolBlock).args };
          return { ...base, activity };
        }
      }
      return { ...base, activity: [...base.activity, block] };
    }
    case 'sources':
      return { ...base, sources: [...base.sources, ...event.data.chunks] };
    case 'interrupt':
      return { ...base, ...pausedQuestion(event.data) };
    case 'error':
      return {
        ...base,
        error: { code: event.data.code, message: event.data.message },
        failedNodeId: event.data.nodeId ?? base.currentNode?.nodeId,
      };
    case 'done': {
      const status = DONE_STATUS[event.data.status];
      return {
        ...base,
        status,
        usage: event.data.usage,
        currentNode: null,
        // Only a failed answer shows its error; a cancel is reported as `cancelled` alone.
        error: status === 'failed' ? (base.error ?? { code: 'internal_error', message: '' }) : undefined,
        ...(status === 'paused' ? {} : NO_QUESTION),
      };
    }
  }
}

/** Applies a batch of events in order (tests, and replays that arrive together). */
export function applyRunEvents(view: MessageView, events: readonly RunStreamEvent[]): MessageView {
  return events.reduce(applyRunEvent, view);
}

function findLastIndex<T>(items: readonly T[], test: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (test(items[i]!)) return i;
  return -1;
}
