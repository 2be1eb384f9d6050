import type { ELK, ElkNode, ElkPort } from 'elkjs/lib/elk-api';
import { ERROR_HANDLE, IN_HANDLE, OUT_HANDLE, type WorkflowGraph } from './definition-graph';

/** A node to lay out: its size and whether it has an error port. */
export interface LayoutNode {
  id: string;
  width: number;
  height: number;
  errorPort?: boolean;
  /** The `__end__` terminal has only an input port. */
  terminal?: boolean;
}

export interface LayoutEdge {
  id: string;
  source: string;
  sourceHandle?: string | null;
  target: string;
}

export type Positions = Map<string, { x: number; y: number }>;

/**
 * elkjs "layered", left to right, with the nodes' ports fixed to their sides (input west,
 * output east, error south) so lines leave the handle they are drawn from.
 */
const LAYOUT_OPTIONS = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.layered.spacing.nodeNodeBetweenLayers': '80',
  'elk.spacing.nodeNode': '40',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
};

let elkPromise: Promise<ELK> | undefined;

/**
 * One ELK instance per page. In a browser it runs in a web worker (elkjs' own worker script),
 * so laying out a thousand nodes never blocks the canvas; without `Worker` (unit tests) it
 * uses the bundled synchronous build.
 */
function elk(): Promise<ELK> {
  elkPromise ??=
    typeof Worker === 'undefined' || import.meta.env.MODE === 'test'
      ? import('elkjs/lib/elk.bundled.js').then((m) => new m.default())
      : Promise.all([import('elkjs/lib/elk-api'), import('elkjs/lib/elk-worker.min.js?url')]).then(
          ([api, worker]) => new api.default({ workerFactory: () => new Worker(worker.default) }),
        );
  return elkPromise;
}

const portId = (node: string, handle: string) => `${node}::${handle}`;

function ports(n: LayoutNode): ElkPort[] {
  const port = (handle: string, side: string): ElkPort => ({
    id: portId(n.id, handle),
    layoutOptions: { 'elk.port.side': side },
  });
  return [
    port(IN_HANDLE, 'WEST'),
    ...(n.terminal ? [] : [port(OUT_HANDLE, 'EAST')]),
    ...(n.errorPort ? [port(ERROR_HANDLE, 'SOUTH')] : []),
  ];
}

export async function layoutGraph(nodes: LayoutNode[], edges: LayoutEdge[]): Promise<Positions> {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const graph: ElkNode = {
    id: 'root',
    layoutOptions: LAYOUT_OPTIONS,
    children: nodes.map((n) => ({
      id: n.id,
      width: n.width,
      height: n.height,
      layoutOptions: { 'elk.portConstraints': 'FIXED_ORDER' },
      ports: ports(n),
    })),
    edges: edges
      .filter((e) => byId.has(e.source) && byId.has(e.target))
      .map((e) => {
        const handle = e.sourceHandle === ERROR_HANDLE ? ERROR_HANDLE : OUT_HANDLE;
        const port = handle === ERROR_HANDLE && !byId.get(e.source)?.errorPort ? OUT_HANDLE : handle;
        return { id: e.id, sources: [portId(e.source, port)], targets: [portId(e.target, IN_HANDLE)] };
      }),
  };
  const result = await (await elk()).layout(graph);
  const positions: Positions = new Map();
  for (const child of result.children ?? []) positions.set(child.id, { x: child.x ?? 0, y: child.y ?? 0 });
  return positions;
}

export const NODE_SIZE = { width: 180, height: 56 };
export const END_SIZE = { width: 64, height: 40 };

/** The graph with every node moved to its auto-layout position. */
export async function layoutWorkflowGraph(graph: WorkflowGraph): Promise<WorkflowGraph> {
  const positions = await layoutGraph(
    graph.nodes.map((n) => ({
      id: n.id,
      ...(n.type === 'end' ? END_SIZE : NODE_SIZE),
      terminal: n.type === 'end',
      errorPort: n.data?.hasErrorHandle,
    })),
    graph.edges,
  );
  return {
    nodes: graph.nodes.map((n) => ({ ...n, position: positions.get(n.id) ?? n.position })),
    edges: graph.edges,
  };
}
