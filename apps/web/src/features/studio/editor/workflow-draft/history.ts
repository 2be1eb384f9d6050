/**
 * Undo/redo of immutable snapshots. Every `push` records the state before a change; `undo`
 * returns the previous state and keeps the current one for `redo`. At most `limit` steps are
 * kept (the oldest are dropped).
 */
export interface History<T> {
  push(before: T): void;
  undo(current: T): T | undefined;
  redo(current: T): T | undefined;
  clear(): void;
  readonly canUndo: boolean;
  readonly canRedo: boolean;
  readonly size: number;
}

export const HISTORY_LIMIT = 200;

export function createHistory<T>(limit = HISTORY_LIMIT): History<T> {
  let past: T[] = [];
  let future: T[] = [];
  return {
    push(before) {
      past.push(before);
      if (past.length > limit) past = past.slice(past.length - limit);
      future = [];
    },
    undo(current) {
      const previous = past.pop();
      if (previous === undefined) return undefined;
      future.push(current);
      return previous;
    },
    redo(current) {
      const next = future.pop();
      if (next === undefined) return undefined;
      past.push(current);
      return next;
    },
    clear() {
      past = [];
      future = [];
    },
    get canUndo() {
      return past.length > 0;
    },
    get canRedo() {
      return future.length > 0;
    },
    get size() {
      return past.length;
    },
  };
}
