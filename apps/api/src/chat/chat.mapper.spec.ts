import type { ChatMessageEntity } from './chat-message.entity';
import { toMessageDto } from './chat.mapper';
import { pickModelParams } from './model-params.util';

describe('chat mapping rules', () => {
  it('never exposes the pending resume input of a reply', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const dto = toMessageDto({
      id: 'm',
      chatId: 'c',
      parentId: 'p',
      role: 'assistant',
      content: 'partial',
      status: 'streaming',
      runId: 'r',
      metadata: { agentVersion: '1.0.0', resumeInput: 'private answer' },
      createdAt: now,
      updatedAt: now,
    } as ChatMessageEntity);
    expect(dto.metadata).toEqual({ agentVersion: '1.0.0' });
    expect(dto.parentMessageId).toBe('p');
    expect(JSON.stringify(dto)).not.toContain('private answer');
  });

  it('keeps only the numeric model overrides the runtime understands', () => {
    expect(pickModelParams({ temperature: 0.2, maxTokens: '9', topP: 1, other: 3 })).toEqual({
      temperature: 0.2,
      topP: 1,
    });
  });
});
