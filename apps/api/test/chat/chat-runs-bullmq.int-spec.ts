import { describeChatRuns } from './chat-runs.shared';

// The same behaviours with BullMQ on the real Redis and a worker context executing the runs.
describeChatRuns('bullmq');
