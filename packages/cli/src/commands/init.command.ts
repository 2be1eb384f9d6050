import { basename, resolve } from 'node:path';
import type { TemplateInstance, WorkflowTemplateSummary, Page } from '@agenthub/contracts';
import { CliError, ExitCode } from '../cli/exit-codes.js';
import type { Output } from '../cli/output.js';
import { platformClient, type ServerFlags } from './command-context.js';
import { writeProject } from './project-files.js';

export interface InitFlags extends ServerFlags {
  name?: string;
  slug?: string;
  template?: string;
  force?: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function slugify(text: string): string {
  const slug = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
  return slug.length >= 2 ? slug : 'my-agent';
}

/** The starter workflow: one streamed `llm` node. */
export const STARTER_WORKFLOW = {
  schemaVersion: 1,
  entry: 'answer',
  variables: { tone: { type: 'string', default: 'friendly' } },
  nodes: [
    {
      id: 'answer',
      type: 'llm',
      config: { system: 'You are a {{vars.tone}} assistant.', prompt: '{{input}}', stream: true },
    },
  ],
  edges: [{ from: 'answer', to: '__end__' }],
};

function readme(name: string, slug: string): string {
  return `# ${name}

An AgentHub agent kept as code: \`agenthub.yaml\` (manifest) and \`workflow.yaml\` (the workflow).

\`\`\`sh
export OPENAI_API_KEY=...            # or: agenthub run --model demo (offline)
agenthub validate                    # every problem as file:line:col
agenthub run --input "Hello"         # one turn on the local engine; without --input: a chat
agenthub serve --port 8787           # POST /invoke (SSE), GET /health
agenthub login --server https://agenthub.example.com
agenthub push                        # create/update the draft of "${slug}"; --publish submits \`version\`
\`\`\`

Secrets never go in these files: write \`\${OPENAI_API_KEY}\` and set the variable.
`;
}

async function fromTemplate(
  flags: InitFlags,
): Promise<{ definition: Record<string, unknown>; name: string }> {
  const client = platformClient(flags);
  let id = flags.template!;
  let name = id;
  if (!UUID.test(id)) {
    const page = await client.get<Page<WorkflowTemplateSummary>>(
      `/api/workflow-templates?q=${encodeURIComponent(id)}&pageSize=100`,
    );
    const hit = page.items.find((t) => t.key === id || t.name === id) ?? null;
    if (!hit)
      throw new CliError(ExitCode.notFound, `No template "${id}" on ${client.server}`, 'template_not_found');
    id = hit.id;
    name = hit.name;
  }
  const instance = await client.post<TemplateInstance>(`/api/workflow-templates/${id}/instantiate`, {
    parameters: {},
  });
  return { definition: instance.definition, name };
}

/** `agenthub init [dir]`: a starter project (or one from a server template with `--template`). */
export async function initCommand(out: Output, dir: string | undefined, flags: InitFlags): Promise<number> {
  const target = resolve(dir ?? '.');
  const template = flags.template ? await fromTemplate(flags) : null;
  const name = flags.name ?? (template ? template.name : basename(target));
  const slug = flags.slug ?? slugify(name);
  const manifest = {
    manifestVersion: 1,
    name,
    slug,
    description: 'Describe what this agent does.',
    tags: [],
    version: '0.1.0',
    changelog: 'First version.',
    systemPrompt: 'Answer concisely.',
    models: {
      default: {
        provider: 'openai_compatible',
        baseURL: '${OPENAI_BASE_URL:-https://api.openai.com/v1}',
        model: '${OPENAI_MODEL:-gpt-4o-mini}',
        apiKey: '${OPENAI_API_KEY}',
      },
      demo: { provider: 'demo' },
    },
    mcpServers: {},
    workflow: './workflow.yaml',
  };
  const written = writeProject(
    target,
    {
      manifest,
      definition: template?.definition ?? STARTER_WORKFLOW,
      readme: readme(name, slug),
      envExample: [
        'OPENAI_API_KEY=',
        '# OPENAI_BASE_URL=https://api.openai.com/v1',
        '# OPENAI_MODEL=gpt-4o-mini',
      ],
    },
    flags.force,
  );
  if (out.json) out.data({ ok: true, dir: target, slug, files: written });
  else {
    out.info(`${out.style.green('✓')} created ${slug} in ${target}: ${written.join(', ')}`);
    out.info(out.style.dim('next: agenthub validate && agenthub run --model demo --input "Hello"'));
  }
  return ExitCode.ok;
}
