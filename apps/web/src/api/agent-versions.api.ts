import type {
  AgentTestRequest,
  AgentVersion,
  AgentVersionList,
  PublishRequest,
  VersionCompare,
  WorkflowSaveResult,
} from '@agenthub/contracts';
import { type EventStreamHandlers, openEventStream } from './chats.api';
import { http } from './http-client';

const agentPath = (id: string) => `/agents/${encodeURIComponent(id)}`;
const versionPath = (id: string, version: string) =>
  `${agentPath(id)}/versions/${encodeURIComponent(version)}`;

/** An agent's versions: history, structural diffs, publish, restore as draft, deprecate. */
export const agentVersionsApi = {
  list: (agentId: string) => http.get<AgentVersionList>(`${agentPath(agentId)}/versions`),
  /** `from`/`to`: version numbers or `draft`. */
  compare: (agentId: string, from: string, to: string) =>
    http.get<VersionCompare>(`${agentPath(agentId)}/compare`, { from, to }),
  publish: (agentId: string, body: PublishRequest) =>
    http.post<AgentVersion>(`${agentPath(agentId)}/publish`, body),
  restore: (agentId: string, version: string) =>
    http.post<WorkflowSaveResult>(`${versionPath(agentId, version)}/restore`),
  deprecate: (agentId: string, version: string) =>
    http.post<AgentVersion>(`${versionPath(agentId, version)}/deprecate`),
  /** Admins: a test run of a submitted (pending) version, streamed (the review queue's "try it"). */
  tryVersion: (versionId: string, body: AgentTestRequest, handlers: EventStreamHandlers) =>
    openEventStream(
      `/admin/reviews/${encodeURIComponent(versionId)}/test`,
      { method: 'POST', body },
      handlers,
    ),
};
