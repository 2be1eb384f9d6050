import { computed, ref, shallowRef } from 'vue';
import { defineStore } from 'pinia';
import type { Chat } from '@agenthub/contracts';
import { chatsApi } from '@/api/chats.api';
import { storeApi } from '@/api/store.api';
import {
  activePath,
  selectionFor,
  switchSibling,
  type BranchSelection,
  type PathEntry,
} from './message-tree';
import {
  applyRunEvent,
  blankMessageView as blank,
  messageViewFrom,
  resetForReplay,
  type MessageView,
  type RunStreamEvent,
} from '@/shared/runs/run-events.reducer';
import { followRun, type Connect, type StreamState } from '@/shared/runs/run-follower';

export const CHAT_LIST_PAGE_SIZE = 100;
const TITLE_MAX = 80;

/** A conversation about to start (`/chats?agent=`): created when its first message is sent. */
export interface DraftChat {
  agentId: string;
  agentName: string;
  agentNameZh: string | null;
  agentVersion: string | null;
}

/** A run this tab follows: the message it streams into and how to stop following. */
interface Follow {
  messageId: string;
  abort: AbortController;
  cancelRequested: boolean;
}

let localIds = 0;
const localId = (role: string) => `local-${role}-${++localIds}`;
export const isLocalId = (id: string) => id.startsWith('local-');

/**
 * The chats area: the conversation list and the open conversation — its message tree, the
 * branch shown and the run being streamed. Streaming goes through `followRun` (reconnects) and the
 * pure `applyRunEvent` reducer; this store only wires them to the API and keeps the state.
 */
export const useChatsStore = defineStore('chats', () => {
  // ---- the conversation list ----
  const chats = ref<Chat[]>([]);
  const listQuery = ref('');
  const listLoading = ref(false);
  let listTicket = 0;

  async function loadList(q = listQuery.value) {
    const ticket = ++listTicket;
    listQuery.value = q;
    listLoading.value = true;
    try {
      const page = await chatsApi.list({ q: q || undefined, archived: false, pageSize: CHAT_LIST_PAGE_SIZE });
      if (ticket === listTicket) chats.value = page.items;
    } finally {
      if (ticket === listTicket) listLoading.value = false;
    }
  }

  function upsertChat(chat: Chat) {
    const at = chats.value.findIndex((c) => c.id === chat.id);
    if (at === -1) chats.value = [chat, ...chats.value];
    else chats.value = chats.value.map((c) => (c.id === chat.id ? chat : c));
    if (current.value?.id === chat.id) current.value = chat;
  }

  async function rename(id: string, title: string) {
    upsertChat(await chatsApi.update(id, { title }));
  }

  async function archive(id: string) {
    await chatsApi.update(id, { archived: true });
    chats.value = chats.value.filter((c) => c.id !== id);
  }

  async function remove(id: string) {
    await chatsApi.remove(id);
    chats.value = chats.value.filter((c) => c.id !== id);
    if (current.value?.id === id) close();
  }

  // ---- the open conversation ----
  const current = ref<Chat | null>(null);
  const draft = ref<DraftChat | null>(null);
  /** Every message of the open chat (all branches), replaced as a whole on each change. */
  const messages = shallowRef<MessageView[]>([]);
  const selection = ref<BranchSelection>({});
  const loading = ref(false);
  const streamState = ref<StreamState>('idle');
  const follow = shallowRef<Follow | null>(null);
  let openTicket = 0;

  const path = computed<PathEntry<MessageView>[]>(() => activePath(messages.value, selection.value));
  /** The message being streamed now (Stop applies to it). */
  const streamingId = computed(() => follow.value?.messageId ?? null);
  /** A reply on the shown branch waiting for human input: the composer answers it. */
  const pausedMessage = computed(() => {
    const last = path.value[path.value.length - 1]?.message;
    return last?.role === 'assistant' && last.status === 'paused' && last.runId ? last : null;
  });

  function stopFollowing() {
    follow.value?.abort.abort();
    follow.value = null;
    streamState.value = 'idle';
  }

  function close() {
    ++openTicket;
    stopFollowing();
    current.value = null;
    draft.value = null;
    messages.value = [];
    selection.value = {};
  }

  /** Opens `/chats/:id`: the chat, its messages, and re-attaches to a reply still streaming. */
  async function open(id: string) {
    if (current.value?.id === id) return;
    close();
    const ticket = openTicket;
    loading.value = true;
    try {
      const [chat, list] = await Promise.all([chatsApi.get(id), chatsApi.messages(id)]);
      if (ticket !== openTicket) return;
      current.value = chat;
      messages.value = list.items.map(messageViewFrom);
      const live = path.value.find((e) => e.message.status === 'streaming' && e.message.runId)?.message;
      if (live) attach(live);
    } finally {
      if (ticket === openTicket) loading.value = false;
    }
  }

  /** Prepares `/chats?agent=`: shows the agent; the chat is created with the first message. */
  async function openDraft(agentId: string) {
    close();
    const ticket = openTicket;
    loading.value = true;
    try {
      const agent = await storeApi.detail(agentId);
      if (ticket !== openTicket) return;
      draft.value = {
        agentId: agent.id,
        agentName: agent.name,
        agentNameZh: agent.nameZh,
        agentVersion: agent.latestVersion,
      };
    } finally {
      if (ticket === openTicket) loading.value = false;
    }
  }

  function updateMessage(id: string, change: (m: MessageView) => MessageView) {
    const at = messages.value.findIndex((m) => m.id === id);
    if (at === -1) return;
    const before = messages.value[at]!;
    const after = change(before);
    if (after === before) return;
    const next = messages.value.slice();
    next[at] = after;
    messages.value = next;
  }

  /**
   * Reads the tree again after a turn (real ids for optimistic messages, settled text and status).
   * The reply being streamed keeps its live state; thoughts and tool calls, which the server does
   * not store, stay on the messages that streamed them.
   */
  async function syncMessages() {
    const chat = current.value;
    if (!chat) return;
    const ticket = openTicket;
    const list = await chatsApi.messages(chat.id);
    if (ticket !== openTicket) return;
    const mine = new Map(messages.value.map((m) => [m.id, m]));
    const liveId = follow.value?.messageId;
    const merged = list.items.map((stored) => {
      const known = mine.get(stored.id);
      const fresh = messageViewFrom(stored);
      if (!known) return fresh;
      if (stored.id === liveId)
        return { ...known, parentMessageId: stored.parentMessageId, createdAt: stored.createdAt };
      return { ...fresh, activity: known.activity, lastEventId: known.lastEventId };
    });
    // Optimistic messages stay only while their run has not said which message it streams into.
    const pending = messages.value.filter(
      (m) => isLocalId(m.id) && liveId !== undefined && isLocalId(liveId),
    );
    messages.value = [...merged, ...pending];
    if (liveId) selection.value = selectionFor(messages.value, liveId, selection.value);
  }

  /** Streams a run into message `messageId`, reconnecting as needed; resolves when it ends. */
  async function stream(messageId: string, connect: Connect, known?: { runId: string; lastEventId: number }) {
    stopFollowing();
    const abort = new AbortController();
    const mine: Follow = { messageId, abort, cancelRequested: false };
    follow.value = mine;
    let targetId = messageId;
    const onEvent = (event: RunStreamEvent) => {
      if (event.type === 'run' && event.data.messageId && event.data.messageId !== targetId) {
        // The optimistic reply now has its real id.
        const realId = event.data.messageId;
        updateMessage(targetId, (m) => ({ ...m, id: realId }));
        selection.value = selectionFor(messages.value, realId, selection.value);
        targetId = realId;
        follow.value = { ...mine, messageId: realId };
        if (mine.cancelRequested) void chatsApi.cancelRun(event.data.runId).catch(() => undefined);
        void syncMessages().catch(() => undefined);
      }
      updateMessage(targetId, (m) => applyRunEvent(m, event));
    };
    try {
      await followRun({
        connect,
        reattach: (runId, lastEventId, handlers) => chatsApi.runStream(runId, lastEventId, handlers),
        runId: known?.runId,
        lastEventId: known?.lastEventId,
        onEvent,
        onState: (state) => {
          if (follow.value?.abort === abort) streamState.value = state;
        },
        signal: abort.signal,
      });
    } finally {
      if (follow.value?.abort === abort) {
        follow.value = null;
        streamState.value = 'idle';
        // Settled text and status from the server (it stores them before publishing `done`).
        await syncMessages().catch(() => undefined);
      }
    }
  }

  /** Re-joins a reply that is still streaming (page load): its events from the first, replacing its text. */
  function attach(message: MessageView) {
    if (!message.runId) return;
    const runId = message.runId;
    updateMessage(message.id, resetForReplay);
    void stream(message.id, (h) => chatsApi.runStream(runId, undefined, h), { runId, lastEventId: 0 }).catch(
      () => undefined,
    );
  }

  async function ensureChat(firstMessage: string): Promise<Chat> {
    if (current.value) return current.value;
    const pending = draft.value;
    if (!pending) throw new Error('No conversation is open');
    const title = firstMessage.replace(/\s+/g, ' ').trim().slice(0, TITLE_MAX);
    const chat = await chatsApi.create({ agentId: pending.agentId, ...(title ? { title } : {}) });
    current.value = chat;
    draft.value = null;
    upsertChat(chat);
    return chat;
  }

  /**
   * Posts a message (`parentMessageId`: undefined = after the latest, null = a new root, a user
   * message = regenerate its reply) with an optimistic question and reply on screen.
   */
  async function post(content: string, parentMessageId: string | null | undefined, reuseUser?: MessageView) {
    const chat = await ensureChat(content);
    const now = new Date().toISOString();
    const user: MessageView | undefined = reuseUser
      ? undefined
      : {
          ...blank(
            chat.id,
            'user',
            localId('user'),
            parentMessageId !== undefined ? parentMessageId : (lastOnPath()?.id ?? null),
            now,
          ),
          content,
          status: 'completed',
        };
    const reply = blank(chat.id, 'assistant', localId('assistant'), (reuseUser ?? user)!.id, now);
    messages.value = [...messages.value, ...(user ? [user] : []), reply];
    selection.value = selectionFor(messages.value, reply.id, selection.value);
    const body = { content, ...(parentMessageId !== undefined ? { parentMessageId } : {}) };
    try {
      await stream(reply.id, (h) => chatsApi.postMessage(chat.id, body, h));
    } finally {
      void loadList().catch(() => undefined);
    }
  }

  function lastOnPath(): MessageView | undefined {
    return path.value[path.value.length - 1]?.message;
  }

  /** Sends from the composer: a new message after the shown branch, or the answer to a paused run. */
  async function send(content: string) {
    const paused = pausedMessage.value;
    if (paused) return resume(paused, content);
    const last = lastOnPath();
    return post(content, last && !isLocalId(last.id) ? last.id : undefined);
  }

  /** A new answer to the same question, as a sibling of `reply`. */
  async function regenerate(reply: MessageView) {
    const question = messages.value.find((m) => m.id === reply.parentMessageId);
    if (!question || isLocalId(question.id)) return;
    return post(question.content, question.id, question);
  }

  /**
   * The edited question becomes a sibling of `question` (same parent, or a new root), for any
   * question of the branch: the new branch continues from the answer before it, and `< 1/2 >`
   * on the question switches back to the original one with everything that followed it.
   */
  async function editAndResend(question: MessageView, content: string) {
    if (isLocalId(question.id) || (question.parentMessageId && isLocalId(question.parentMessageId))) return;
    return post(content, question.parentMessageId);
  }

  async function resume(paused: MessageView, input: string) {
    const runId = paused.runId!;
    const before = paused;
    updateMessage(paused.id, (m) => ({
      ...m,
      status: 'streaming',
      prompt: undefined,
      choices: undefined,
      allowFreeText: undefined,
    }));
    try {
      await stream(paused.id, (h) => chatsApi.resumeRun(runId, input, h), {
        runId,
        lastEventId: paused.lastEventId,
      });
    } catch (err) {
      updateMessage(paused.id, () => before);
      throw err;
    }
  }

  async function retry(failed: MessageView) {
    if (!failed.runId) return;
    const runId = failed.runId;
    await stream(failed.id, (h) => chatsApi.retryRun(runId, h), { runId, lastEventId: failed.lastEventId });
  }

  /** Stop: cancels the run; the reply keeps its text and ends `cancelled` (from the stream). */
  async function stop() {
    const live = follow.value;
    if (!live) return;
    const runId = messages.value.find((m) => m.id === live.messageId)?.runId;
    if (!runId) {
      live.cancelRequested = true;
      return;
    }
    await chatsApi.cancelRun(runId);
  }

  function switchBranch(entry: PathEntry<MessageView>, step: -1 | 1) {
    selection.value = switchSibling(entry, step, selection.value);
  }

  return {
    chats,
    listQuery,
    listLoading,
    loadList,
    rename,
    archive,
    remove,
    current,
    draft,
    messages,
    selection,
    loading,
    streamState,
    path,
    streamingId,
    pausedMessage,
    open,
    openDraft,
    close,
    send,
    regenerate,
    editAndResend,
    retry,
    stop,
    switchBranch,
  };
});
