import {
  END_NODE,
  nodePolicySchema,
  workflowDefinitionSchema,
  WorkflowIssueCodes as C,
  type NodeTypeDescriptor,
  type WorkflowDefinition,
  type WorkflowIssue,
  type WorkflowValidationResult,
} from '@agenthub/contracts';
import { createAjv, type ValidateFunction } from '../json-schema/ajv.factory.js';
import { checkExpression } from '../expressions/condition.util.js';
import { errorSourceNodeId } from './node-names.util.js';
import { splitPath, stringifyValue } from './state-path.util.js';
import { templateReferences, visitStrings } from './template-render.util.js';

export interface ValidateOptions {
  /**
   * Service roles that have a platform default (e.g. `['llm']`). When given, a node needing a
   * role that it neither sets nor has a default for gets `missing_service`.
   */
  platformDefaultServices?: readonly string[];
  /** Known service config ids; when given, a node naming another id gets `missing_service`. */
  knownServiceIds?: ReadonlySet<string>;
}

const POLICY_KEYS = ['timeoutMs', 'retry', 'onError'] as const;
const ajv = createAjv();
const schemaCache = new WeakMap<object, ValidateFunction>();

function validatorFor(schema: Record<string, unknown>): ValidateFunction {
  let fn = schemaCache.get(schema);
  if (!fn) {
    fn = ajv.compile(schema);
    schemaCache.set(schema, fn);
  }
  return fn;
}

/** Config merged over the node type's defaults, i.e. what the executor will see. */
export function effectiveConfig(
  node: { config?: Record<string, unknown> },
  nodeType?: NodeTypeDescriptor,
): Record<string, unknown> {
  return { ...(nodeType?.defaultConfig ?? {}), ...(node.config ?? {}) };
}

/**
 * Returns every problem at once. Errors make the definition uncompilable; warnings (unknown
 * template references) are shown in the IDE but do not block publishing.
 */
export function validateWorkflow(
  input: unknown,
  nodeTypes: readonly NodeTypeDescriptor[],
  options: ValidateOptions = {},
): WorkflowValidationResult {
  const parsed = workflowDefinitionSchema.safeParse(input);
  if (!parsed.success) {
    const issues: WorkflowIssue[] = parsed.error.issues.map((i) => ({
      path: i.path.map(String).join('.'),
      nodeId: nodeIdAtPath(input, i.path),
      code: C.schemaInvalid,
      message: i.message,
      severity: 'error',
    }));
    return { valid: false, issues };
  }
  const issues = validateParsed(parsed.data, nodeTypes, options);
  return { valid: !issues.some((i) => i.severity === 'error'), issues };
}

function nodeIdAtPath(input: unknown, path: PropertyKey[]): string | undefined {
  if (path[0] !== 'nodes' || typeof path[1] !== 'number') return undefined;
  const nodes = (input as { nodes?: unknown[] })?.nodes;
  const node = Array.isArray(nodes) ? nodes[path[1]] : undefined;
  const id = (node as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' ? id : undefined;
}

function validateParsed(
  def: WorkflowDefinition,
  nodeTypes: readonly NodeTypeDescriptor[],
  options: ValidateOptions,
): WorkflowIssue[] {
  const issues: WorkflowIssue[] = [];
  const err = (path: string, code: string, message: string, nodeId?: string) =>
    issues.push({ path, code, message, nodeId, severity: 'error' });
  const warn = (path: string, code: string, message: string, nodeId?: string) =>
    issues.push({ path, code, message, nodeId, severity: 'warning' });

  const typesByName = new Map(nodeTypes.map((t) => [t.typeName, t]));
  const ids = new Set<string>();
  def.nodes.forEach((node, i) => {
    if (ids.has(node.id))
      err(`nodes.${i}.id`, C.duplicateNodeId, `Node id "${node.id}" is used more than once`, node.id);
    ids.add(node.id);
  });
  if (!ids.has(def.entry))
    err('entry', C.unknownEntry, `Entry "${def.entry}" is not a node of this workflow`);

  // ---- nodes: type, config, services ----
  const onErrorById = new Map<string, string | undefined>();
  def.nodes.forEach((node, i) => {
    const nodeType = typesByName.get(node.type);
    const config = effectiveConfig(node, nodeType);
    const policy = nodePolicySchema.safeParse(pick(config, POLICY_KEYS));
    if (!policy.success) {
      for (const p of policy.error.issues)
        err(`nodes.${i}.config.${p.path.map(String).join('.')}`, C.configInvalid, p.message, node.id);
    }
    onErrorById.set(node.id, policy.success ? policy.data.onError : undefined);
    if (!nodeType) {
      err(`nodes.${i}.type`, C.unknownNodeType, `Unknown node type "${node.type}"`, node.id);
      return;
    }
    const validate = validatorFor(nodeType.inputSchema);
    if (!validate(omit(config, POLICY_KEYS))) {
      for (const e of validate.errors ?? []) {
        const sub = e.instancePath.replace(/^\//, '').replace(/\//g, '.');
        const missing =
          e.keyword === 'required' ? (e.params as { missingProperty?: string }).missingProperty : undefined;
        const path = [`nodes.${i}.config`, sub, missing].filter(Boolean).join('.');
        err(path, C.configInvalid, `${sub || missing || 'config'} ${e.message ?? 'is invalid'}`, node.id);
      }
    }
    for (const role of nodeType.requiredServices) {
      const chosen = node.services?.[role];
      if (chosen === undefined) {
        if (options.platformDefaultServices && !options.platformDefaultServices.includes(role))
          err(
            `nodes.${i}.services.${role}`,
            C.missingService,
            `Node needs a "${role}" service and there is no platform default`,
            node.id,
          );
      } else if (options.knownServiceIds && !options.knownServiceIds.has(chosen)) {
        err(
          `nodes.${i}.services.${role}`,
          C.missingService,
          `Service "${chosen}" for role "${role}" does not exist`,
          node.id,
        );
      }
    }
  });

  // ---- edges ----
  const successors = new Map<string, Set<string>>([...ids].map((id) => [id, new Set<string>()]));
  const errorEdgeSources = new Set<string>();
  const isTarget = (t: string) => t === END_NODE || ids.has(t);
  def.edges.forEach((edge, i) => {
    const base = `edges.${i}`;
    const errorOf = errorSourceNodeId(edge.from);
    const sourceId = errorOf ?? edge.from;
    if (!ids.has(sourceId)) {
      err(`${base}.from`, C.unknownEdgeSource, `Edge source "${edge.from}" is not a node`);
      return;
    }
    if (errorOf !== undefined) {
      errorEdgeSources.add(errorOf);
      if (onErrorById.get(errorOf) !== 'branch')
        err(
          `${base}.from`,
          C.errorEdgeWithoutBranch,
          `Error edge from "${errorOf}" needs onError: "branch" on that node`,
          errorOf,
        );
    }
    const add = (target: string) => successors.get(sourceId)?.add(target);
    if (edge.type === 'conditional') {
      for (const [key, target] of Object.entries(edge.mapping)) {
        if (isTarget(target)) add(target);
        else
          err(
            `${base}.mapping.${key}`,
            C.mappingTargetMissing,
            `Mapping "${key}" points to missing node "${target}"`,
            sourceId,
          );
      }
      if (edge.default !== undefined) {
        if (isTarget(edge.default)) add(edge.default);
        else
          err(
            `${base}.default`,
            C.mappingTargetMissing,
            `Default points to missing node "${edge.default}"`,
            sourceId,
          );
      }
      if (edge.condition.kind === 'expression') {
        const problem = checkExpression(edge.condition.expression);
        if (problem)
          err(
            `${base}.condition.expression`,
            C.invalidExpression,
            `Expression does not parse: ${problem}`,
            sourceId,
          );
        else checkReferences(edge.condition.expression, `${base}.condition.expression`, sourceId);
      } else {
        checkPathReference(splitPath(edge.condition.path), `${base}.condition.path`, sourceId);
      }
    } else if (edge.type === 'fanout') {
      if (edge.targets.length < 2)
        err(`${base}.targets`, C.fanoutTooFewTargets, 'A fan-out needs at least two targets', sourceId);
      edge.targets.forEach((target, t) => {
        if (isTarget(target)) add(target);
        else
          err(`${base}.targets.${t}`, C.unknownEdgeTarget, `Edge target "${target}" is not a node`, sourceId);
      });
    } else if (isTarget(edge.to)) {
      add(edge.to);
    } else {
      err(`${base}.to`, C.unknownEdgeTarget, `Edge target "${edge.to}" is not a node`, sourceId);
    }
  });
  for (const [id, onError] of onErrorById) {
    if (onError === 'branch' && !errorEdgeSources.has(id)) {
      const i = def.nodes.findIndex((n) => n.id === id);
      err(
        `nodes.${i}.config.onError`,
        C.branchWithoutErrorEdge,
        `onError "branch" needs an edge from "${id}:error"`,
        id,
      );
    }
  }

  // ---- reachability ----
  if (ids.has(def.entry)) {
    const reachable = walk([def.entry], (n) => successors.get(n) ?? new Set());
    def.nodes.forEach((node, i) => {
      if (!reachable.has(node.id))
        err(
          `nodes.${i}`,
          C.unreachableNode,
          `Node "${node.id}" cannot be reached from the entry "${def.entry}"`,
          node.id,
        );
    });
    if (!reachable.has(END_NODE)) {
      err('edges', C.noPathToEnd, `No path leads from "${def.entry}" to ${END_NODE}`);
    } else {
      const predecessors = new Map<string, Set<string>>();
      for (const [from, tos] of successors)
        for (const to of tos) {
          if (!predecessors.has(to)) predecessors.set(to, new Set());
          predecessors.get(to)!.add(from);
        }
      const reachesEnd = walk([END_NODE], (n) => predecessors.get(n) ?? new Set());
      def.nodes.forEach((node, i) => {
        if (reachable.has(node.id) && !reachesEnd.has(node.id))
          err(`nodes.${i}`, C.noPathToEnd, `No path leads from "${node.id}" to ${END_NODE}`, node.id);
      });
    }
  }

  // ---- template references (warnings) ----
  def.nodes.forEach((node, i) => {
    visitStrings(node.config, `nodes.${i}.config`, (text, path) => {
      for (const ref of templateReferences(text)) checkPathReference(ref, path, node.id);
    });
  });
  return issues;

  function checkPathReference(ref: string[], path: string, nodeId: string): void {
    const [root, name] = ref;
    const problem = referenceProblem(root, name);
    if (problem) warn(path, C.unknownTemplateReference, problem, nodeId);
  }

  function checkReferences(expression: string, path: string, nodeId: string): void {
    for (const m of expression.matchAll(/\b(vars|nodes)\.([A-Za-z][\w-]*)/g)) {
      const problem = referenceProblem(m[1], m[2]);
      if (problem) warn(path, C.unknownTemplateReference, problem, nodeId);
    }
  }

  function referenceProblem(root: string | undefined, name: string | undefined): string | undefined {
    switch (root) {
      case 'input':
      case 'messages':
        return undefined;
      case 'vars':
        return name !== undefined && !(name in def.variables) ? `Unknown variable "${name}"` : undefined;
      case 'nodes':
        return name !== undefined && !ids.has(name) ? `Unknown node "${name}"` : undefined;
      case 'params':
        return `Template parameter "${name ?? ''}" was not substituted`;
      default:
        return `Unknown reference "${stringifyValue(root)}" (use input, vars.x or nodes.<id>.output)`;
    }
  }
}

function walk(start: string[], next: (n: string) => Iterable<string>): Set<string> {
  const seen = new Set<string>(start);
  const queue = [...start];
  while (queue.length) {
    const n = queue.pop()!;
    for (const m of next(n))
      if (!seen.has(m)) {
        seen.add(m);
        queue.push(m);
      }
  }
  return seen;
}

function pick(obj: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (obj[k] !== undefined) out[k] = obj[k];
  return out;
}

function omit(obj: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out = { ...obj };
  for (const k of keys) delete out[k];
  return out;
}
