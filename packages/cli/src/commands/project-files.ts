import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MANIFEST_FILE_NAME, MANIFEST_SCHEMA_FILE_NAME, manifestJsonSchema } from '@agenthub/contracts';
import { stringify } from 'yaml';
import { CliError, ExitCode } from '../cli/exit-codes.js';

export interface ProjectFiles {
  manifest: Record<string, unknown>;
  definition: Record<string, unknown>;
  readme?: string;
  /** Lines for `.env.example` (variable names the manifest references). */
  envExample?: string[];
}

export const WORKFLOW_FILE_NAME = 'workflow.yaml';

/**
 * Writes `agenthub.yaml` (with the `yaml-language-server` schema comment), `workflow.yaml`, the
 * JSON Schema for editor completion, and optionally a README and `.env.example`. Refuses to
 * overwrite an existing manifest unless `force`.
 */
export function writeProject(dir: string, files: ProjectFiles, force = false): string[] {
  mkdirSync(dir, { recursive: true });
  const manifestPath = join(dir, MANIFEST_FILE_NAME);
  if (existsSync(manifestPath) && !force)
    throw new CliError(
      ExitCode.usage,
      `${manifestPath} exists: pass --force to overwrite it`,
      'manifest_exists',
    );
  const written: string[] = [];
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    written.push(name);
  };
  write(
    MANIFEST_FILE_NAME,
    `# yaml-language-server: $schema=./${MANIFEST_SCHEMA_FILE_NAME}\n${stringify(files.manifest, { lineWidth: 100 })}`,
  );
  write(WORKFLOW_FILE_NAME, stringify(files.definition, { lineWidth: 100 }));
  write(MANIFEST_SCHEMA_FILE_NAME, `${JSON.stringify(manifestJsonSchema, null, 2)}\n`);
  if (files.readme && !existsSync(join(dir, 'README.md'))) write('README.md', files.readme);
  if (files.envExample?.length) write('.env.example', `${files.envExample.join('\n')}\n`);
  return written;
}
