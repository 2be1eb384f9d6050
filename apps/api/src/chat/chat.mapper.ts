import type { Chat, ChatMessage } from '@agenthub/contracts';
import type { ChatMessageEntity } from './chat-message.entity.js';
import type { ChatEntity } from './chat.entity.js';

/** The agent's name in each language the chat may be shown in. */
export interface AgentNames {
  name: string;
  nameZh: string | null;
}

export function toChatDto(chat: ChatEntity, agent: AgentNames): Chat {
  return {
    id: chat.id,
    agentId: chat.agentId,
    agentName: agent.name,
    agentNameZh: agent.nameZh,
    agentVersionId: chat.agentVersionId,
    agentVersion: chat.agentVersion,
    title: chat.title,
    archived: chat.archivedAt !== null,
    lastActivityAt: chat.lastActivityAt.toISOString(),
    createdAt: chat.createdAt.toISOString(),
  };
}

export function toMessageDto(m: ChatMessageEntity): ChatMessage {
  // Internal plumbing between the routes and the queue handler.
  const {
    resumeInput: _resume,
    retryRequested: _retry,
    nodeText: _nodes,
    vars: _vars,
    ...metadata
  } = m.metadata;
  return {
    id: m.id,
    chatId: m.chatId,
    parentMessageId: m.parentId,
    role: m.role,
    content: m.content,
    status: m.status,
    runId: m.runId,
    metadata,
    createdAt: m.createdAt.toISOString(),
    updatedAt: m.updatedAt.toISOString(),
  };
}
