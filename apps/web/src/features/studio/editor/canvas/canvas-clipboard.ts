import { copyText } from '@/shared/clipboard';
import { storage } from '@/shared/storage';
import type { WorkflowFragment } from '../workflow-draft/workflow-operations';

/**
 * Copy/paste of workflow nodes between agents: the fragment goes to localStorage (every tab of
 * this app sees it) and, as text, to the system clipboard (other browsers, other machines).
 */
const KEY = 'agenthub.studio.clipboard';
const MARK = 'agenthub.workflow-fragment';

export function serializeFragment(fragment: WorkflowFragment): string {
  return JSON.stringify({ kind: MARK, ...fragment });
}

export function parseFragment(text: string | null | undefined): WorkflowFragment | null {
  if (!text) return null;
  try {
    const value = JSON.parse(text) as { kind?: string; nodes?: unknown; edges?: unknown };
    if (value.kind !== MARK || !Array.isArray(value.nodes) || !Array.isArray(value.edges)) return null;
    return { nodes: value.nodes, edges: value.edges } as WorkflowFragment;
  } catch {
    return null;
  }
}

export async function writeFragment(fragment: WorkflowFragment): Promise<void> {
  const text = serializeFragment(fragment);
  storage.set(KEY, text);
  await copyText(text);
}

/** The system clipboard's fragment when it holds one, else the last one copied in this browser. */
export async function readFragment(): Promise<WorkflowFragment | null> {
  let fromClipboard: WorkflowFragment | null = null;
  try {
    fromClipboard = parseFragment(await navigator.clipboard?.readText());
  } catch {
    /* no permission: fall back to this browser's copy */
  }
  return fromClipboard ?? parseFragment(storage.get(KEY));
}
