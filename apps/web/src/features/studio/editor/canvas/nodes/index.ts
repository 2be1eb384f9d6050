import { markRaw } from 'vue';
import type { EdgeTypesObject, NodeTypesObject } from '@vue-flow/core';
import EndNode from './EndNode.vue';
import WorkflowEdgeLine from './WorkflowEdgeLine.vue';
import WorkflowNodeCard from './WorkflowNodeCard.vue';

/** The canvas' node and edge components by Vue Flow type (raw: Vue Flow keeps them in state). */
export const workflowNodeTypes = {
  workflow: markRaw(WorkflowNodeCard),
  end: markRaw(EndNode),
} as unknown as NodeTypesObject;

export const workflowEdgeTypes = { workflow: markRaw(WorkflowEdgeLine) } as unknown as EdgeTypesObject;
