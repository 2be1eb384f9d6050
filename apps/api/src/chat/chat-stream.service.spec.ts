import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RunEvent } from '@agenthub/contracts';
import { collectSse } from '@agenthub/testkit';
import type { Request, Response } from 'express';
import type { AuthUser } from '../common/auth.decorators';
import { MemoryRunEventBus } from '../queue/memory-run-event.bus';
import type { RunQueryService } from '../runtime/run-query.service';
import type { WorkflowExecutionEntity } from '../runtime/workflow-execution.entity';
import type { ChatRunService } from './chat-run.service';
import { ChatStreamService } from './chat-stream.service';
import { buildRunSummary } from './run-replay';

const RUN = '00000000-0000-4000-8000-000000000001';
const user = { id: 'u1' } as AuthUser;

function ended(patch: Partial<WorkflowExecutionEntity> = {}): WorkflowExecutionEntity {
  return {
    id: RUN,
    status: 'completed',
    chatId: 'c1',
    messageId: 'm1',
    agentVersion: '1.0.0',
    lastEventId: 0,
    currentNode: null,
    errorInfo: null,
    promptTokens: 1,
    completionTokens: 2,
    costUsd: 0,
    ...patch,
  } as WorkflowExecutionEntity;
}

/** The service over a real bus and HTTP server; the chat run service faked around the bus. */
async function harness(run: WorkflowExecutionEntity) {
  const bus = new MemoryRunEventBus({ eventsMaxLen: 100, memoryEventsTtlSec: 60 });
  const chatRuns = {
    loadRunOwned: async () => run,
    subscribe: (id: string, after?: string, signal?: AbortSignal) => bus.subscribe(id, after, signal),
    eventPosition: (id: string) => bus.position(id),
    summaryOf: async (r: WorkflowExecutionEntity, afterId?: number) =>
      buildRunSummary(r, { content: 'The whole answer.' }, afterId),
  } as unknown as ChatRunService;
  const service = new ChatStreamService(chatRuns, {} as RunQueryService);
  const server: Server = createServer((req, res) => {
    const lastEventId = new URL(req.url!, 'http://x').searchParams.get('lastEventId') ?? undefined;
    void service.stream(user, RUN, lastEventId, req as Request, res as Response);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    bus,
    get: async (lastEventId?: number) => {
      const res = await fetch(lastEventId === undefined ? url : `${url}?lastEventId=${lastEventId}`);
      return { status: res.status, events: res.status === 204 ? [] : await collectSse(res) };
    },
    close: async () => {
      await bus.close();
      await new Promise((r) => server.close(r));
    },
  };
}

const message = (delta: string): RunEvent => ({ type: 'message', data: { delta } });

describe('ChatStreamService.stream (ended runs)', () => {
  it('ends from the row when the end of an ended run never reaches the bus: the summary replaces', async () => {
    // Ended in the row (its last id not recorded yet), three events on the bus, no done.
    const h = await harness(ended());
    try {
      await h.bus.publish(RUN, { type: 'run', data: { runId: RUN } });
      await h.bus.publish(RUN, message('The whole '));
      await h.bus.publish(RUN, message('answer.'));
      const { status, events } = await h.get();
      expect(status).toBe(200);
      expect(events.map((e) => [e.id, e.event])).toEqual([
        ['1', 'run'],
        ['2', 'message'],
        ['3', 'message'],
        ['4', 'run'],
        ['5', 'message'],
        ['6', 'done'],
      ]);
      expect(JSON.parse(events[3]!.data)).toMatchObject({ summary: true });
      expect(JSON.parse(events[5]!.data)).toMatchObject({ status: 'completed', output: 'The whole answer.' });
    } finally {
      await h.close();
    }
  });

  it('waits for a done recorded in the row but not yet published, then sends only it', async () => {
    const h = await harness(ended({ lastEventId: 2 }));
    try {
      await h.bus.publish(RUN, { type: 'run', data: { runId: RUN } });
      const pending = h.get(1);
      setTimeout(() => {
        void h.bus.publish(RUN, {
          type: 'done',
          data: {
            runId: RUN,
            status: 'completed',
            usage: { promptTokens: 1, completionTokens: 2, costUsd: 0 },
          },
        });
      }, 100);
      const { events } = await pending;
      expect(events.map((e) => [e.id, e.event])).toEqual([['2', 'done']]);
      // And then: nothing after it, 204.
      expect((await h.get(2)).status).toBe(204);
    } finally {
      await h.close();
    }
  });
});
