import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import type { Env } from '../config/config.schema.js';

/** Environment variables of the agent module (validated at boot with the core config). */
export const AGENT_ENV_VARS = [
  {
    name: 'AUTO_APPROVE',
    default: undefined,
    description:
      'Publish versions that pass the automatic review without an admin (default: true in embedded mode, false otherwise).',
  },
  {
    name: 'SEED_DEMO',
    default: undefined,
    description:
      'Create the demo categories, developer and published agents at boot (default: true, false under NODE_ENV=test).',
  },
] as const;

/** Throws with every problem when AUTO_APPROVE or SEED_DEMO is not a boolean. */
export function validateAgentEnv(env: Env): void {
  const problems: string[] = [];
  for (const { name } of AGENT_ENV_VARS) {
    try {
      parseFlag(name, env[name], false);
    } catch (err) {
      problems.push((err as Error).message);
    }
  }
  if (problems.length) throw new Error(problems.join('\n'));
}

const TRUE = new Set(['true', '1', 'yes']);
const FALSE = new Set(['false', '0', 'no']);

function parseFlag(name: string, raw: string | undefined, fallback: boolean): boolean {
  if (raw === undefined || raw.trim() === '') return fallback;
  const v = raw.trim().toLowerCase();
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  throw new Error(`${name} must be true or false (got "${raw}")`);
}

/**
 * Platform settings of the agent module, read once at boot:
 * - `AUTO_APPROVE`: versions that pass the automatic review are published at once (default: on
 *   in embedded mode, where the single operator is also the reviewer; off otherwise).
 * - `SEED_DEMO`: create the demo categories, developer and agents at boot (default true, except
 *   under NODE_ENV=test, so other modules' integration tests start from an empty store).
 */
@Injectable()
export class AgentSettings {
  readonly autoApprove: boolean;
  readonly seedDemo: boolean;

  constructor(config: AppConfig) {
    this.autoApprove = parseFlag('AUTO_APPROVE', config.env.AUTO_APPROVE, config.embedded);
    this.seedDemo = parseFlag('SEED_DEMO', config.env.SEED_DEMO, config.nodeEnv !== 'test');
  }
}
