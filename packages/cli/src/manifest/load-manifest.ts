import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import {
  agentManifestSchema,
  type AgentManifest,
  MANIFEST_FILE_NAME,
  workflowDefinitionSchema,
  type WorkflowDefinition,
} from '@agenthub/contracts';
import { BUILTIN_NODE_TYPES, findSecretsInText, findSecrets, validateWorkflow } from '@agenthub/engine';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { substituteEnv } from './env-substitution.util.js';
import { ManifestInvalidError, type ManifestProblem } from './manifest-problem.js';
import { positionAtOffset, positionOfPath } from './source-position.util.js';

export interface LoadManifestOptions {
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * `substitute` (validate, run, serve): `${ENV}` is replaced; an unset variable without default
   * is a problem. `verbatim` (push, diff): everything stays as written, so what goes to a server
   * never holds a value that came from the environment.
   */
  envMode?: 'substitute' | 'verbatim';
  /**
   * Use only this model (`run --model`, `serve --model`): the others are dropped before
   * substitution, so their unset variables do not matter. `demo` works even when not declared.
   */
  model?: string;
}

export interface LoadedManifest {
  manifest: AgentManifest;
  /** The workflow with the manifest's variables merged over its own. */
  definition: WorkflowDefinition;
  manifestPath: string;
  /** The workflow file, or the manifest when the workflow is inline. */
  workflowPath: string;
  /** Null when the workflow is inline. */
  workflowFile: string | null;
}

export interface LoadManifestResult {
  loaded: LoadedManifest | null;
  problems: ManifestProblem[];
}

interface ParsedFile {
  file: string;
  text: string;
  doc: Document;
  lines: LineCounter;
}

/** `code` of a code node holds JavaScript, whose template literals look like `${x}`. */
const isCodeSource = (path: string[]) =>
  path.length >= 4 && path[path.length - 1] === 'code' && path[path.length - 2] === 'config';
/** Keys whose values must come from the environment, never be written in clear. */
const SECRET_KEYS = /^(apiKey|api_key|token|secret|password|authorization|x-api-key)$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Resolves `agenthub.yaml` in a directory, or a manifest file given directly. */
export function resolveManifestPath(target = '.'): string {
  const abs = resolve(target);
  return /\.ya?ml$/i.test(abs) ? abs : join(abs, MANIFEST_FILE_NAME);
}

function display(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

function readAndParse(file: string, problems: ManifestProblem[]): ParsedFile | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file_not_found' : 'file_unreadable';
    problems.push({
      file: display(file),
      line: 1,
      col: 1,
      path: '',
      code,
      message: code === 'file_not_found' ? `${display(file)} does not exist` : (err as Error).message,
      severity: 'error',
    });
    return null;
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  for (const e of doc.errors) {
    const pos = positionAtOffset(lines, e.pos[0]);
    problems.push({
      file: display(file),
      ...pos,
      path: '',
      code: 'yaml_syntax',
      message: e.message.split('\n')[0],
      severity: 'error',
    });
  }
  return doc.errors.length ? null : { file, text, doc, lines };
}

/**
 * Substitutes `${ENV}` in every string scalar outside the verbatim sections, in place, and
 * reports unset variables and secrets written in clear at their exact position.
 */
function substituteDocument(
  parsed: ParsedFile,
  env: Readonly<Record<string, string | undefined>>,
  mode: 'substitute' | 'verbatim',
  problems: ManifestProblem[],
): void {
  const visit = (node: unknown, path: string[], key: string | null): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair) || !isScalar(pair.key)) continue;
        const k = String(pair.key.value);
        if (isCodeSource([...path, k])) continue;
        visit(pair.value, [...path, k], k);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => visit(item, [...path, String(i)], null));
    } else if (isScalar(node) && typeof node.value === 'string') {
      const result = substituteEnv(node.value, env);
      const start = node.range?.[0] ?? 0;
      // Point at the `${` itself (the scalar may span lines or be quoted).
      const at = (needle: string) => {
        const idx = parsed.text.indexOf(needle, start);
        const end = node.range?.[1] ?? start;
        return positionAtOffset(parsed.lines, idx >= 0 && idx < end ? idx : start);
      };
      for (const m of result.missing) {
        if (mode === 'verbatim') continue;
        problems.push({
          file: display(parsed.file),
          ...at(`\${${m.name}`),
          path: path.join('.'),
          code: 'env_missing',
          message: `Environment variable ${m.name} is not set (used in ${path.join('.')}); set it or write \${${m.name}:-default}`,
          severity: 'error',
        });
      }
      for (const m of result.malformed)
        problems.push({
          file: display(parsed.file),
          ...at(m.name),
          path: path.join('.'),
          code: 'env_reference_invalid',
          message: `${m.name} is not a valid reference: use \${NAME} or \${NAME:-default} (NAME = letters, digits, _), or $\${ for a literal`,
          severity: 'error',
        });
      // A key named like a secret, or any header value that looks like a credential.
      const clearSecret =
        !result.referencesEnv &&
        node.value.length > 0 &&
        ((key !== null && SECRET_KEYS.test(key)) ||
          (path[path.length - 2] === 'headers' && findSecretsInText(node.value, '').length > 0));
      if (clearSecret)
        problems.push({
          file: display(parsed.file),
          ...positionAtOffset(parsed.lines, start),
          path: path.join('.'),
          code: 'secret_in_clear',
          message: `${path.join('.')} holds a secret written in clear: use \${SOME_ENV_VAR} so it stays out of git`,
          severity: 'error',
        });
      if (mode === 'substitute') node.value = result.value;
    }
  };
  visit(parsed.doc.contents, [], null);
}

/** The part of a zod issue used here (the CLI does not depend on zod itself). */
interface SchemaIssue {
  code: string;
  path: ReadonlyArray<PropertyKey>;
  message: string;
  keys?: string[];
}

function zodProblems(
  parsed: ParsedFile,
  error: { issues: ReadonlyArray<SchemaIssue> },
  prefix: string[],
  problems: ManifestProblem[],
): void {
  for (const issue of error.issues) {
    const path = [...prefix, ...issue.path.map(String)];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys ?? [])
        problems.push({
          file: display(parsed.file),
          ...positionOfPath(parsed.doc, parsed.lines, [...path, key], { key: true }),
          path: [...path, key].join('.'),
          code: 'unknown_key',
          message: `Unknown key "${key}"`,
          severity: 'error',
        });
      continue;
    }
    problems.push({
      file: display(parsed.file),
      ...positionOfPath(parsed.doc, parsed.lines, path),
      path: path.join('.'),
      code: 'schema_invalid',
      message: `${path.join('.') || '(root)'}: ${issue.message}`,
      severity: 'error',
    });
  }
}

/**
 * Reads `agenthub.yaml` (and its workflow file), substitutes `${ENV}`, validates both with the
 * contracts schemas and the engine's workflow validator, and returns every problem with its
 * position. `loaded` is null when any error was found.
 */
export function loadManifest(manifestPath: string, options: LoadManifestOptions = {}): LoadManifestResult {
  const env = options.env ?? process.env;
  const problems: ManifestProblem[] = [];
  const manifestFile = readAndParse(manifestPath, problems);
  if (!manifestFile) return { loaded: null, problems };
  // Nodes naming a dropped model fall back to the chosen one, so they stay valid.
  const declaredModels = Object.keys((manifestFile.doc.toJS() as { models?: object } | null)?.models ?? {});
  if (options.model) keepOnlyModel(manifestFile.doc, options.model);
  substituteDocument(manifestFile, env, options.envMode ?? 'substitute', problems);

  const raw = (manifestFile.doc.toJS() ?? {}) as Record<string, unknown>;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push({
      file: display(manifestPath),
      line: 1,
      col: 1,
      path: '',
      code: 'schema_invalid',
      message: 'The manifest must be a mapping of keys (name, slug, workflow, …)',
      severity: 'error',
    });
    return { loaded: null, problems };
  }
  // The workflow is checked on its own so its errors are precise (a union error says little).
  const inline = raw.workflow !== undefined && typeof raw.workflow !== 'string';
  const manifestResult = agentManifestSchema.safeParse(inline ? { ...raw, workflow: '(inline)' } : raw);
  if (!manifestResult.success) zodProblems(manifestFile, manifestResult.error, [], problems);

  let workflowFile: ParsedFile | null = null;
  let workflowPrefix: string[] = [];
  let workflowRaw: unknown;
  if (inline) {
    workflowFile = manifestFile;
    workflowPrefix = ['workflow'];
    workflowRaw = raw.workflow;
  } else if (typeof raw.workflow === 'string') {
    const path = resolve(dirname(manifestPath), raw.workflow);
    workflowFile = readAndParse(path, problems);
    if (workflowFile) substituteDocument(workflowFile, env, options.envMode ?? 'substitute', problems);
    workflowRaw = workflowFile?.doc.toJS();
  }

  let definition: WorkflowDefinition | null = null;
  if (workflowFile) {
    const parsedWorkflow = workflowDefinitionSchema.safeParse(workflowRaw);
    if (!parsedWorkflow.success) zodProblems(workflowFile, parsedWorkflow.error, workflowPrefix, problems);
    else definition = parsedWorkflow.data;
  }

  if (definition && manifestResult.success) {
    const manifest = manifestResult.data;
    definition = { ...definition, variables: { ...definition.variables, ...manifest.variables } };
    const modelNames = Object.keys(manifest.models);
    const serviceIds = new Set([...modelNames, ...declaredModels]);
    for (const node of definition.nodes)
      for (const id of Object.values(node.services ?? {})) if (UUID.test(id)) serviceIds.add(id);
    const result = validateWorkflow(definition, BUILTIN_NODE_TYPES, {
      platformDefaultServices: ['llm'],
      knownServiceIds: serviceIds,
    });
    for (const issue of result.issues) {
      const path = [...workflowPrefix, ...(issue.path ? issue.path.split('.') : [])];
      problems.push({
        file: display(workflowFile!.file),
        ...positionOfPath(workflowFile!.doc, workflowFile!.lines, path),
        path: path.join('.'),
        code: issue.code,
        message:
          issue.code === 'missing_service'
            ? `${issue.message} (name one of the manifest's models: ${modelNames.join(', ') || 'none defined'})`
            : issue.message,
        severity: issue.severity,
      });
    }
    const reported = new Set(problems.filter((p) => p.code === 'secret_in_clear').map((p) => p.path));
    for (const finding of findSecrets(definition.nodes, 'nodes')) {
      const path = [...workflowPrefix, ...finding.path.split('.')];
      if (reported.has(path.join('.'))) continue;
      problems.push({
        file: display(workflowFile!.file),
        ...positionOfPath(workflowFile!.doc, workflowFile!.lines, path),
        path: path.join('.'),
        code: 'secret_in_clear',
        message: `Looks like a secret (${finding.kind}: ${finding.preview}) written in the workflow: the server's review refuses it; use a service config or an MCP server header instead`,
        severity: 'warning',
      });
    }
  }

  const hasErrors = problems.some((p) => p.severity === 'error');
  if (hasErrors || !definition || !manifestResult.success)
    return { loaded: null, problems: sortProblems(problems) };
  return {
    loaded: {
      manifest: manifestResult.data,
      definition,
      manifestPath,
      workflowPath: workflowFile!.file,
      workflowFile: inline ? null : workflowFile!.file,
    },
    problems: sortProblems(problems),
  };
}

function sortProblems(problems: ManifestProblem[]): ManifestProblem[] {
  return [...problems].sort((a, b) =>
    a.file === b.file ? a.line - b.line || a.col - b.col : a.file < b.file ? -1 : 1,
  );
}

function keepOnlyModel(doc: Document, model: string): void {
  const models = doc.get('models', true);
  if (isMap(models))
    models.items = models.items.filter((p) => isScalar(p.key) && String(p.key.value) === model);
  if (!doc.hasIn(['models', model])) {
    if (model !== 'demo') return; // reported by the schema check of defaultModel below
    doc.setIn(['models', 'demo'], doc.createNode({ provider: 'demo' }));
  }
  doc.set('defaultModel', model);
}

/** For commands that need a usable manifest: throws with every problem. */
export function requireManifest(
  manifestPath: string,
  options: LoadManifestOptions = {},
): LoadedManifest & { warnings: ManifestProblem[] } {
  const { loaded, problems } = loadManifest(manifestPath, options);
  if (!loaded) throw new ManifestInvalidError(problems);
  return { ...loaded, warnings: problems };
}
