import {
  END_NODE,
  workflowDefinitionSchema,
  type ConditionalEdge,
  type ExecutorKind,
  type NodeTypeDescriptor,
  type WorkflowDefinition,
  type WorkflowEdge,
} from '@agenthub/contracts';
import { END, START, StateGraph, type BaseCheckpointSaver } from '@langchain/langgraph';
import { definitionHash } from '../definition/definition-hash.util.js';
import { errorSourceNodeId, graphNodeName } from '../definition/node-names.util.js';
import { getPath, stringifyValue } from '../definition/state-path.util.js';
import { effectiveConfig, validateWorkflow, type ValidateOptions } from '../definition/validate-workflow.js';
import { EngineError } from '../engine-error.js';
import { BUILTIN_EXECUTORS } from '../executors/executor-registry.js';
import type { Executor } from '../executors/executor.types.js';
import { compileExpression, type CompiledExpression } from '../expressions/condition.util.js';
import { DemoModel } from '../models/demo.model.js';
import { BUILTIN_NODE_TYPES } from '../node-types/builtin-node-types.js';
import type { SsrfOptions } from '../security/ssrf.util.js';
import type { KnowledgePort } from '../knowledge/knowledge.port.js';
import type { CompileCache } from './compile-cache.js';
import { createNodeFunction, type ResolveModel, type ResolveTools } from './node-runner.js';
import { WorkflowStateAnnotation, type WorkflowState } from './workflow-state.js';

export const DEFAULT_MAX_STEPS = 100;
export type Durability = 'exit' | 'async' | 'sync';
/** Chosen with the engine benchmark: see README "Checkpoint policy". */
export const DEFAULT_DURABILITY: Durability = 'exit';

export interface CompileLimits {
  /** LangGraph supersteps per run (each parallel step counts once); default 100. */
  maxSteps?: number;
  /** Timeout for nodes that set none. */
  defaultNodeTimeoutMs?: number;
  /** Largest JSON result of a code node, in bytes; default 1 MiB (`code_output_too_large`). */
  codeOutputMaxBytes?: number;
}

export interface CompileOptions {
  nodeTypes?: readonly NodeTypeDescriptor[];
  /** Replace or add executors per kind (tests, custom kinds). */
  executors?: Partial<Record<ExecutorKind, Executor>>;
  checkpointer?: BaseCheckpointSaver;
  resolveModel?: ResolveModel;
  resolveTools?: ResolveTools;
  /** Searched by `retrieval` nodes; without it they fail with `knowledge_unavailable`. */
  knowledge?: KnowledgePort;
  limits?: CompileLimits;
  ssrf?: SsrfOptions;
  /** When checkpoints are written; default `exit` (see README). */
  durability?: Durability;
  validation?: ValidateOptions;
  cache?: CompileCache<CompiledWorkflow>;
  /** Scopes the cache entry (e.g. agent version id) since resolvers differ per agent. */
  cacheKey?: string;
}

type CompiledGraph = ReturnType<
  StateGraph<typeof WorkflowStateAnnotation, WorkflowState, Partial<WorkflowState>, string>['compile']
>;

export interface CompiledWorkflow {
  graph: CompiledGraph;
  definition: WorkflowDefinition;
  hash: string;
  maxSteps: number;
  durability: Durability;
  hasCheckpointer: boolean;
  /** Workflow node id → node type name (for events). */
  nodeTypeById: ReadonlyMap<string, string>;
}

const defaultResolveModel: ResolveModel = () => new DemoModel();
const defaultResolveTools: ResolveTools = async (selection) => {
  if (selection.length === 0) return { tools: [], close: async () => undefined };
  throw new EngineError(
    'tool_not_found',
    `No tool provider is configured (needed: ${selection.map((s) => s.server).join(', ')})`,
  );
};

const noKnowledge: KnowledgePort = {
  search: () =>
    Promise.reject(new EngineError('knowledge_unavailable', 'No knowledge base store is configured')),
};

/**
 * Compiles a workflow definition into a LangGraph graph. Validation runs first so authors get
 * every problem with a code; LangGraph's own checks then never fire with cryptic messages.
 */
export function compileWorkflow(input: unknown, options: CompileOptions = {}): CompiledWorkflow {
  const hash = definitionHash(input);
  const cacheKey = `${options.cacheKey ?? ''}:${hash}`;
  const cached = options.cache?.get(cacheKey);
  if (cached) return cached;

  const nodeTypes = options.nodeTypes ?? BUILTIN_NODE_TYPES;
  const validation = validateWorkflow(input, nodeTypes, options.validation);
  if (!validation.valid) {
    const errors = validation.issues.filter((i) => i.severity === 'error');
    throw new EngineError(
      'workflow_invalid',
      `Workflow is invalid: ${errors.map((e) => e.message).join('; ')}`,
      errors,
    );
  }
  const definition = workflowDefinitionSchema.parse(input);
  const typesByName = new Map(nodeTypes.map((t) => [t.typeName, t]));
  const executors = { ...BUILTIN_EXECUTORS, ...(options.executors ?? {}) };

  const graph = new StateGraph(WorkflowStateAnnotation) as unknown as StateGraph<
    typeof WorkflowStateAnnotation,
    WorkflowState,
    Partial<WorkflowState>,
    string
  >;
  for (const node of definition.nodes) {
    const nodeType = typesByName.get(node.type)!;
    const executor = executors[nodeType.kind];
    if (!executor) throw new EngineError('workflow_invalid', `No executor for kind "${nodeType.kind}"`);
    graph.addNode(
      graphNodeName(node.id),
      createNodeFunction({
        node,
        nodeType,
        config: effectiveConfig(node, nodeType),
        executor,
        resolveModel: options.resolveModel ?? defaultResolveModel,
        resolveTools: options.resolveTools ?? defaultResolveTools,
        knowledge: options.knowledge ?? noKnowledge,
        ssrf: options.ssrf,
        defaultTimeoutMs: options.limits?.defaultNodeTimeoutMs,
        codeOutputMaxBytes: options.limits?.codeOutputMaxBytes,
      }),
    );
  }
  graph.addEdge(START, graphNodeName(definition.entry));
  wireEdges(graph, definition);

  const compiled: CompiledWorkflow = {
    graph: graph.compile({ checkpointer: options.checkpointer }),
    definition,
    hash,
    maxSteps: options.limits?.maxSteps ?? definition.settings?.maxSteps ?? DEFAULT_MAX_STEPS,
    durability: options.durability ?? DEFAULT_DURABILITY,
    hasCheckpointer: !!options.checkpointer,
    nodeTypeById: new Map(definition.nodes.map((n) => [n.id, n.type])),
  };
  options.cache?.set(cacheKey, compiled);
  return compiled;
}

const target = (id: string) => (id === END_NODE ? END : graphNodeName(id));

type Router = (state: WorkflowState) => Promise<string[]>;

function conditionalRouter(edge: ConditionalEdge, sourceId: string): { route: Router; targets: string[] } {
  const expression: CompiledExpression | undefined =
    edge.condition.kind === 'expression' ? compileExpression(edge.condition.expression) : undefined;
  const path = edge.condition.kind === 'switch' ? edge.condition.path : undefined;
  const route: Router = async (state) => {
    const scope = { input: state.input, vars: state.vars, nodes: state.nodes };
    const value = expression ? await expression.evaluate(scope) : getPath(scope, path!);
    const key = stringifyValue(value);
    const chosen = Object.prototype.hasOwnProperty.call(edge.mapping, key) ? edge.mapping[key] : edge.default;
    if (chosen === undefined)
      throw new EngineError(
        'condition_no_match',
        `Condition after "${sourceId}" gave "${key.slice(0, 100)}", which has no mapping and no default`,
      );
    return [target(chosen)];
  };
  const targets = [...new Set([...Object.values(edge.mapping), ...(edge.default ? [edge.default] : [])])].map(
    target,
  );
  return { route, targets };
}

function staticTargets(edge: WorkflowEdge): string[] {
  if (edge.type === 'fanout') return edge.targets;
  if (edge.type === 'conditional') return [];
  return [edge.to];
}

/**
 * Fan-out joins: a node with incoming edges from nodes that belong to different branches of the
 * same fan-out waits for all of them (`addEdge([a, b], join)`). Incoming edges from exclusive
 * alternatives (conditional branches) stay plain edges, so whichever ran continues.
 */
export function findJoins(def: WorkflowDefinition): Map<string, string[]> {
  const successors = new Map<string, Set<string>>();
  const addSucc = (from: string, to: string) => {
    if (!successors.has(from)) successors.set(from, new Set());
    successors.get(from)!.add(to);
  };
  const incomingNormal = new Map<string, string[]>();
  for (const edge of def.edges) {
    const from = errorSourceNodeId(edge.from) ?? edge.from;
    if (edge.type === 'conditional') {
      for (const t of Object.values(edge.mapping)) addSucc(from, t);
      if (edge.default) addSucc(from, edge.default);
    } else {
      for (const t of staticTargets(edge)) addSucc(from, t);
    }
    if (
      (edge.type === undefined || edge.type === 'normal') &&
      !errorSourceNodeId(edge.from) &&
      edge.to !== END_NODE
    ) {
      incomingNormal.set(edge.to, [...(incomingNormal.get(edge.to) ?? []), edge.from]);
    }
  }
  const reach = (start: string, stop: string): Set<string> => {
    const seen = new Set<string>([start]);
    const queue = [start];
    while (queue.length) {
      for (const n of successors.get(queue.pop()!) ?? [])
        if (n !== stop && !seen.has(n)) {
          seen.add(n);
          queue.push(n);
        }
    }
    return seen;
  };
  const joins = new Map<string, string[]>();
  for (const edge of def.edges) {
    if (edge.type !== 'fanout') continue;
    const branches = edge.targets.map((t) => reach(t, edge.from));
    for (const [node, sources] of incomingNormal) {
      if (sources.length < 2) continue;
      const waitFor = new Set<string>(joins.get(node) ?? []);
      const covered = new Set<number>();
      for (const s of sources) {
        const inBranches = branches.map((b, i) => (b.has(s) ? i : -1)).filter((i) => i >= 0);
        if (inBranches.length === 1) {
          covered.add(inBranches[0]);
          waitFor.add(s);
        }
      }
      if (covered.size >= 2) joins.set(node, [...waitFor]);
    }
  }
  return joins;
}

function wireEdges(
  graph: StateGraph<typeof WorkflowStateAnnotation, WorkflowState, Partial<WorkflowState>, string>,
  def: WorkflowDefinition,
): void {
  const joins = findJoins(def);
  const joinedEdge = (from: string, to: string) => joins.get(to)?.includes(from) ?? false;
  for (const [join, sources] of joins) graph.addEdge(sources.map(graphNodeName), graphNodeName(join));

  for (const node of def.nodes) {
    const outgoing = def.edges.filter((e) => e.from === node.id);
    const errorEdges = def.edges.filter((e) => errorSourceNodeId(e.from) === node.id);
    const plain = outgoing.flatMap(staticTargets).filter((t) => !joinedEdge(node.id, t));
    const conditionals = outgoing
      .filter((e): e is ConditionalEdge => e.type === 'conditional')
      .map((e) => conditionalRouter(e, node.id));

    if (errorEdges.length === 0 && conditionals.length === 0) {
      for (const t of new Set(plain)) graph.addEdge(graphNodeName(node.id), target(t));
      continue;
    }
    // One router per node: on an `onError: branch` failure follow the `<id>:error` edges,
    // otherwise the normal, fan-out and conditional edges together.
    const errorPlain = errorEdges.flatMap(staticTargets);
    const errorConditionals = errorEdges
      .filter((e): e is ConditionalEdge => e.type === 'conditional')
      .map((e) => conditionalRouter(e, node.id));
    const id = node.id;
    const route = async (state: WorkflowState): Promise<string[]> => {
      const failed = state.nodes[id]?.error !== undefined && errorEdges.length > 0;
      const fixed = (failed ? errorPlain : plain).map(target);
      const routed = await Promise.all(
        (failed ? errorConditionals : conditionals).map((c) => c.route(state)),
      );
      const all = [...new Set([...fixed, ...routed.flat()])];
      return all.length ? all : [END];
    };
    const possible = [
      ...new Set([
        ...plain.map(target),
        ...errorPlain.map(target),
        ...conditionals.flatMap((c) => c.targets),
        ...errorConditionals.flatMap((c) => c.targets),
        END,
      ]),
    ];
    graph.addConditionalEdges(graphNodeName(node.id), route, possible);
  }
}
