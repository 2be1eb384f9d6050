import type { MigrationInterface } from 'typeorm';
import { Identity1763800000000 } from './1763800000000-identity.js';
import { Catalog1795300000100 } from './1795300000100-catalog.js';
import { Integration1795300000200 } from './1795300000200-integration.js';
import { Agent1795300000300 } from './1795300000300-agent.js';
import { Runtime1795300000400 } from './1795300000400-runtime.js';
import { Store1795300000500 } from './1795300000500-store.js';
import { Chat1795300000600 } from './1795300000600-chat.js';
import { StepServiceConfig1795300000700 } from './1795300000700-step-service-config.js';
import { AgentVersionRevision1795300000800 } from './1795300000800-agent-version-revision.js';
import { RuntimeInstances1795300001400 } from './1795300001400-runtime-instances.js';
import { Knowledge1795300001500 } from './1795300001500-knowledge.js';
import { PlatformSettings1795300001900 } from './1795300001900-platform-settings.js';
import { AgentVersionDeprecated1795300002100 } from './1795300002100-agent-version-deprecated.js';
import { AnalyticsIndexes1795300002200 } from './1795300002200-analytics-indexes.js';
import { PlatformProcesses1795300002210 } from './1795300002210-platform-processes.js';
import { AuditChanges1795300002220 } from './1795300002220-audit-changes.js';
import { McpHistory1795300002400 } from './1795300002400-mcp-history.js';
import { KnowledgeHybrid1795300002600 } from './1795300002600-knowledge-hybrid.js';
import { AnalyticsDayIndex1795300002800 } from './1795300002800-analytics-day-index.js';

/** Every migration, oldest first. Append new ones; never edit or reorder a merged one. */
export const migrations: Array<new () => MigrationInterface> = [
  Identity1763800000000,
  Catalog1795300000100,
  Integration1795300000200,
  Agent1795300000300,
  Runtime1795300000400,
  Store1795300000500,
  Chat1795300000600,
  StepServiceConfig1795300000700,
  AgentVersionRevision1795300000800,
  RuntimeInstances1795300001400,
  Knowledge1795300001500,
  PlatformSettings1795300001900,
  AgentVersionDeprecated1795300002100,
  AnalyticsIndexes1795300002200,
  PlatformProcesses1795300002210,
  AuditChanges1795300002220,
  McpHistory1795300002400,
  KnowledgeHybrid1795300002600,
  AnalyticsDayIndex1795300002800,
];
