import { computed, nextTick, ref, shallowRef, watch, type Ref } from 'vue';
import { useVueFlow, type Connection, type EdgeChange, type NodeChange } from '@vue-flow/core';
import type { NodeTypeDescriptor } from '@agenthub/contracts';
import { useWorkflowDraftStore } from '../workflow-draft/workflow-draft.store';
import { copyFragment, type EdgeLineRef } from '../workflow-draft/workflow-operations';
import { problemMarks } from '../problems/problem-targets';
import {
  definitionToGraph,
  END_NODE_ID,
  type WorkflowGraph,
  type WorkflowGraphEdge,
} from './definition-graph';
import { layoutWorkflowGraph, NODE_SIZE } from './elk-layout';
import { readFragment, writeFragment } from './canvas-clipboard';

/** The palette's drag payload type. */
export const NODE_TYPE_MIME = 'application/x-agenthub-node-type';

const isEditable = (el: EventTarget | null) =>
  el instanceof HTMLElement && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));

function lineRef(line: WorkflowGraphEdge): EdgeLineRef | null {
  if (!line.data) return null;
  const { index, kind, mappingKey } = line.data;
  if (kind === 'conditional') return { index, mappingKey: mappingKey ?? null };
  if (kind === 'fanout') return { index, target: line.target };
  return { index };
}

/**
 * The editing canvas' logic: the graph drawn from the draft (with the selection and problem
 * marks), and every gesture turned into one draft operation — connect, drag, drop from the
 * palette, delete, copy/paste, duplicate, undo/redo, tidy, entry node, focus on a problem.
 */
export function useWorkflowCanvas(flowId: string, nodeTypes: Ref<readonly NodeTypeDescriptor[]>) {
  const draft = useWorkflowDraftStore();
  const flow = useVueFlow(flowId);
  const selectedNodes = ref<ReadonlySet<string>>(new Set());
  const selectedEdges = ref<ReadonlySet<string>>(new Set());
  const message = shallowRef<{ key: string; n?: number } | null>(null);
  /** The node whose context menu is open, and where (viewport coordinates). */
  const menu = shallowRef<{ nodeId: string; x: number; y: number } | null>(null);

  const baseGraph = computed<WorkflowGraph>(() => definitionToGraph(draft.definition, nodeTypes.value));
  const graph = computed<WorkflowGraph>(() => ({
    nodes: baseGraph.value.nodes.map((n) => ({ ...n, selected: selectedNodes.value.has(n.id) })),
    edges: baseGraph.value.edges.map((e) => ({ ...e, selected: selectedEdges.value.has(e.id) })),
  }));
  const marks = computed(() => problemMarks(draft.issues, draft.definition, baseGraph.value.edges));

  const selectedNode = computed(() => {
    if (selectedNodes.value.size !== 1 || selectedEdges.value.size) return null;
    const [id] = selectedNodes.value;
    return draft.definition.nodes.find((n) => n.id === id) ?? null;
  });
  const selectedEdge = computed(() => {
    if (selectedEdges.value.size !== 1 || selectedNodes.value.size) return null;
    const [id] = selectedEdges.value;
    const line = baseGraph.value.edges.find((e) => e.id === id);
    return line?.data ? { index: line.data.index, edge: draft.definition.edges[line.data.index]! } : null;
  });

  function select(nodes: Iterable<string>, edges: Iterable<string> = []) {
    selectedNodes.value = new Set(nodes);
    selectedEdges.value = new Set(edges);
  }

  /**
   * Selects the edge at `index` of the definition (its first line): an edge whose kind or
   * routes change is drawn with new line ids, and its editor must stay open on it.
   */
  function selectEdgeAt(index: number) {
    const line = baseGraph.value.edges.find((e) => e.data?.index === index);
    if (line) select([], [line.id]);
  }

  function onSelectionChanges(changes: Array<NodeChange | EdgeChange>, target: Ref<ReadonlySet<string>>) {
    const next = new Set(target.value);
    let changed = false;
    for (const c of changes) {
      if (c.type !== 'select') continue;
      changed = true;
      if (c.selected) next.add(c.id);
      else next.delete(c.id);
    }
    if (changed) target.value = next;
  }
  flow.onNodesChange((changes) => onSelectionChanges(changes, selectedNodes));
  flow.onEdgesChange((changes) => onSelectionChanges(changes, selectedEdges));

  flow.onNodeContextMenu(({ event, node }) => {
    if (node.id === END_NODE_ID || !('clientX' in event)) return;
    event.preventDefault();
    select([node.id]);
    menu.value = { nodeId: node.id, x: event.clientX, y: event.clientY };
  });

  flow.onConnect((c: Connection) => {
    draft.apply({ kind: 'connect', source: c.source, sourceHandle: c.sourceHandle, target: c.target });
  });

  flow.onNodeDragStop(({ nodes }) => {
    const positions = Object.fromEntries(
      nodes.filter((n) => n.id !== END_NODE_ID).map((n) => [n.id, { ...n.position }]),
    );
    if (Object.keys(positions).length) draft.apply({ kind: 'moveNodes', positions });
  });

  function addNode(type: string, position: { x: number; y: number }) {
    const descriptor = nodeTypes.value.find((t) => t.typeName === type);
    const created = draft.apply({
      kind: 'addNode',
      type,
      position,
      ...(descriptor ? { name: descriptor.displayName } : {}),
    });
    select(created);
  }

  function viewportCentre() {
    const rect = flow.vueFlowRef.value?.getBoundingClientRect();
    if (!rect) return { x: 0, y: 0 };
    const p = flow.screenToFlowCoordinate({ x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 });
    return { x: p.x - NODE_SIZE.width / 2, y: p.y - NODE_SIZE.height / 2 };
  }

  /** Click or Enter on a palette entry: the new node lands in the middle of the view. */
  function addAtCentre(type: string) {
    // Several adds in a row cascade instead of stacking on one spot.
    const p = viewportCentre();
    const taken = (x: number, y: number) =>
      draft.definition.nodes.some(
        (n) => n.position && Math.abs(n.position.x - x) < 20 && Math.abs(n.position.y - y) < 20,
      );
    while (taken(p.x, p.y)) {
      p.x += 40;
      p.y += 70;
    }
    addNode(type, p);
  }

  function onDrop(event: DragEvent) {
    const type = event.dataTransfer?.getData(NODE_TYPE_MIME);
    if (!type) return;
    event.preventDefault();
    const p = flow.screenToFlowCoordinate({ x: event.clientX, y: event.clientY });
    addNode(type, { x: p.x - NODE_SIZE.width / 2, y: p.y - NODE_SIZE.height / 2 });
  }

  function onDragOver(event: DragEvent) {
    if (event.dataTransfer?.types.includes(NODE_TYPE_MIME)) {
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
    }
  }

  function deleteSelection() {
    const lines = baseGraph.value.edges
      .filter((e) => selectedEdges.value.has(e.id))
      .map(lineRef)
      .filter((l): l is EdgeLineRef => l !== null);
    const ids = [...selectedNodes.value].filter((id) => id !== END_NODE_ID);
    if (!ids.length && !lines.length) return;
    draft.apply({ kind: 'removeNodes', ids, lines });
    select([]);
  }

  async function copy() {
    const ids = [...selectedNodes.value].filter((id) => id !== END_NODE_ID);
    if (!ids.length) return;
    await writeFragment(copyFragment(draft.definition, ids));
    message.value = { key: 'studio.editor.workflow.copied', n: ids.length };
  }

  async function paste() {
    const fragment = await readFragment();
    if (!fragment?.nodes.length) {
      message.value = { key: 'studio.editor.workflow.pasteInvalid' };
      return;
    }
    select(draft.apply({ kind: 'paste', fragment }));
    message.value = { key: 'studio.editor.workflow.pasted', n: fragment.nodes.length };
  }

  function duplicate() {
    const ids = [...selectedNodes.value].filter((id) => id !== END_NODE_ID);
    if (ids.length) select(draft.apply({ kind: 'duplicate', ids }));
  }

  function setEntry(id?: string) {
    const target = id ?? selectedNode.value?.id;
    if (target) draft.apply({ kind: 'setEntry', id: target });
  }

  async function tidy(options: { record?: boolean; save?: boolean } = {}) {
    const laid = await layoutWorkflowGraph(baseGraph.value);
    const positions = Object.fromEntries(
      laid.nodes.filter((n) => n.id !== END_NODE_ID).map((n) => [n.id, n.position]),
    );
    draft.apply({ kind: 'layout', positions }, options);
    await fit();
  }

  const frame = () => new Promise((r) => requestAnimationFrame(r));
  let fitOnInit = false;
  flow.onNodesInitialized(() => {
    if (fitOnInit) void fit();
    fitOnInit = false;
  });

  /** Fits the view once Vue Flow has drawn (and measured) the current graph. */
  async function fit() {
    await nextTick();
    await frame();
    await frame();
    await flow.fitView({ padding: 0.2, maxZoom: 1.25 });
  }

  /** Selects a node (or the lines of a definition edge) and centres the view on it. */
  async function focus(target: { nodeId: string } | { edgeIndex: number }) {
    if ('nodeId' in target) {
      select([target.nodeId]);
      const node = baseGraph.value.nodes.find((n) => n.id === target.nodeId);
      if (node) {
        await flow.setCenter(node.position.x + NODE_SIZE.width / 2, node.position.y + NODE_SIZE.height / 2, {
          zoom: Math.max(flow.viewport.value.zoom, 1),
        });
      }
      return;
    }
    const lines = baseGraph.value.edges.filter((e) => e.data?.index === target.edgeIndex);
    select(
      [],
      lines.map((l) => l.id),
    );
    const source = baseGraph.value.nodes.find((n) => n.id === lines[0]?.source);
    if (source) await flow.setCenter(source.position.x + NODE_SIZE.width, source.position.y, { zoom: 1 });
  }

  function onKeydown(event: KeyboardEvent) {
    if (isEditable(event.target)) return;
    const mod = event.ctrlKey || event.metaKey;
    const key = event.key.toLowerCase();
    const run = (fn: () => unknown) => {
      event.preventDefault();
      void fn();
    };
    if (key === 'delete' || key === 'backspace') run(deleteSelection);
    else if (mod && key === 'z' && event.shiftKey) run(draft.redo);
    else if (mod && key === 'z') run(draft.undo);
    else if (mod && key === 'y') run(draft.redo);
    else if (mod && key === 'c') run(copy);
    else if (mod && key === 'v') run(paste);
    else if (mod && key === 'd') run(duplicate);
  }

  // A freshly loaded draft whose nodes have no positions is laid out once (kept local: it is
  // saved with the next real change, so opening a draft never saves it).
  watch(
    () => [draft.target, draft.loading] as const,
    ([id, loading]) => {
      if (!id || loading) return;
      select([]);
      fitOnInit = true;
      if (draft.definition.nodes.some((n) => !n.position)) void tidy({ record: false, save: false });
      else void fit();
    },
    { immediate: true },
  );

  return {
    graph,
    marks,
    selectedNodes,
    selectedEdges,
    selectedNode,
    selectedEdge,
    message,
    menu,
    select,
    selectEdgeAt,
    addAtCentre,
    onDrop,
    onDragOver,
    onKeydown,
    deleteSelection,
    copy,
    paste,
    duplicate,
    setEntry,
    tidy: () => tidy(),
    fit,
    focus,
  };
}
