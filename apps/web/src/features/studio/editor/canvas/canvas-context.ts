import { computed, inject, provide, type ComputedRef, type InjectionKey } from 'vue';

/**
 * What the canvas tells its node and edge components without putting it into every node's data
 * (so a new validation result re-renders only the marked elements, not all 1,000 nodes).
 */
export interface CanvasMarks {
  /** Node ids with problems → highest severity. */
  nodeProblems: ComputedRef<ReadonlyMap<string, 'error' | 'warning'>>;
  /** Vue Flow edge ids with problems. */
  edgeProblems: ComputedRef<ReadonlySet<string>>;
  /** Node ids → their state in the run on screen (the Test tab); empty elsewhere. */
  nodeRunStates?: ComputedRef<ReadonlyMap<string, string>>;
}

const key: InjectionKey<CanvasMarks> = Symbol('canvas-marks');
const none: CanvasMarks = {
  nodeProblems: computed(() => new Map()),
  edgeProblems: computed(() => new Set()),
};

export function provideCanvasMarks(marks: CanvasMarks): void {
  provide(key, marks);
}

export function useCanvasMarks(): CanvasMarks {
  return inject(key, none);
}
