import { fetchEventSource } from '@microsoft/fetch-event-source';
import type {
  Chat,
  ChatList,
  ChatMessageList,
  CreateChatRequest,
  PostMessageRequest,
  RunActionResponse,
  RunEvent,
  UpdateChatRequest,
} from '@agenthub/contracts';
import { RUN_EVENT_TYPES } from '@agenthub/contracts';
import { ApiError, ClientErrorCodes, apiErrorFromResponse, isApiError } from './api-error';
import { http } from './http-client';

/** A run event as read from the stream: the SSE `id:` plus the typed event. */
export type StreamedRunEvent = RunEvent & { id: number };

export interface EventStreamHandlers {
  /** The server accepted the request and the stream is open. */
  onOpen?: () => void;
  onEvent: (event: StreamedRunEvent) => void;
  /**
   * The server answered 204: the run has nothing after the given Last-Event-ID (the client has
   * its final event, or the end of its summary). Nothing more will come on any connection.
   */
  onNothingMore?: () => void;
  signal: AbortSignal;
}

/** Thrown from `onopen` to leave the library on a 204 (it would read the absent body). */
class NothingMore extends Error {}

export interface ChatListParams {
  q?: string;
  archived?: boolean;
  page?: number;
  pageSize?: number;
}

const KNOWN_EVENTS: ReadonlySet<string> = new Set(RUN_EVENT_TYPES);

const chatPath = (id: string) => `/chats/${encodeURIComponent(id)}`;
const runPath = (id: string) => `/runs/${encodeURIComponent(id)}`;

/**
 * Opens one SSE connection through @microsoft/fetch-event-source and resolves when the server
 * closes it (normally right after `done`). It never retries by itself: the library's retry
 * re-issues the SAME request, which for `POST /chats/:id/messages` would post the message again —
 * reconnecting is the caller's job, with `GET /runs/:id/stream` and Last-Event-ID. A 401 renews the
 * session through the request client's one shared refresh and retries once (the API refused the
 * request, so nothing was posted).
 */
export async function openEventStream(
  path: string,
  init: { method: 'GET' | 'POST'; body?: unknown; lastEventId?: number },
  handlers: EventStreamHandlers,
): Promise<void> {
  const attempt = async (token: string | null) => {
    const headers: Record<string, string> = { Accept: 'text/event-stream' };
    if (init.body !== undefined) headers['Content-Type'] = 'application/json';
    if (token) headers.Authorization = `Bearer ${token}`;
    if (init.lastEventId) headers['Last-Event-ID'] = String(init.lastEventId);
    await fetchEventSource(http.url(path), {
      method: init.method,
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: handlers.signal,
      // By default the library closes the stream while the tab is hidden and re-sends the
      // request when it is shown again: a re-POST. Keep the stream open instead.
      openWhenHidden: true,
      // Resolved per call so tests can stub the global fetch.
      fetch: (input, req) => globalThis.fetch(input, req),
      async onopen(res) {
        if (res.status === 204) throw new NothingMore();
        if (res.ok && (res.headers.get('content-type') ?? '').includes('text/event-stream')) {
          handlers.onOpen?.();
          return;
        }
        throw res.ok
          ? new ApiError({
              status: res.status,
              code: ClientErrorCodes.badResponse,
              message: 'Not an event stream',
            })
          : await apiErrorFromResponse(res);
      },
      onmessage(msg) {
        if (!KNOWN_EVENTS.has(msg.event) || !msg.data) return;
        let data: unknown;
        try {
          data = JSON.parse(msg.data);
        } catch {
          return;
        }
        handlers.onEvent({ id: Number(msg.id) || 0, type: msg.event, data } as StreamedRunEvent);
      },
      onerror(err) {
        // Rethrowing stops the library's own retry (see above).
        throw err;
      },
    });
  };

  const token = http.accessToken();
  try {
    await attempt(token);
  } catch (err) {
    if (err instanceof NothingMore) return handlers.onNothingMore?.();
    if (isApiError(err) && err.status === 401 && token && (await http.renewSession(token))) {
      return attempt(http.accessToken()).catch((again: unknown) => {
        if (again instanceof NothingMore) return handlers.onNothingMore?.();
        throw again;
      });
    }
    throw err;
  }
}

export const chatsApi = {
  list: (params: ChatListParams, signal?: AbortSignal) =>
    http.get<ChatList>('/chats', { ...params }, { signal }),
  get: (id: string) => http.get<Chat>(chatPath(id)),
  create: (body: CreateChatRequest) => http.post<Chat>('/chats', body),
  update: (id: string, body: UpdateChatRequest) => http.patch<Chat>(chatPath(id), body),
  remove: (id: string) => http.delete(chatPath(id)),
  messages: (id: string) => http.get<ChatMessageList>(`${chatPath(id)}/messages`),
  cancelRun: (runId: string) => http.post<RunActionResponse>(`${runPath(runId)}/cancel`),

  /** Sends a message and streams its run (first event `run`). */
  postMessage: (chatId: string, body: PostMessageRequest, handlers: EventStreamHandlers) =>
    openEventStream(`${chatPath(chatId)}/messages`, { method: 'POST', body }, handlers),
  /** A run's events after `lastEventId` (all of them without it), then live, up to `done`. */
  runStream: (runId: string, lastEventId: number | undefined, handlers: EventStreamHandlers) =>
    openEventStream(`${runPath(runId)}/stream`, { method: 'GET', lastEventId }, handlers),
  /** Answers a run paused at human input; streams what follows. */
  resumeRun: (runId: string, input: string, handlers: EventStreamHandlers) =>
    openEventStream(`${runPath(runId)}/resume`, { method: 'POST', body: { input } }, handlers),
  /** Retries a failed run from its checkpoint; streams what follows. */
  retryRun: (runId: string, handlers: EventStreamHandlers) =>
    openEventStream(`${runPath(runId)}/retry`, { method: 'POST' }, handlers),
};
