import {
  and,
  isBooleanControl,
  isEnumControl,
  isIntegerControl,
  isNumberControl,
  isObjectControl,
  isStringControl,
  or,
  rankWith,
  schemaMatches,
  schemaTypeIs,
  uiTypeIs,
  type JsonFormsRendererRegistryEntry,
} from '@jsonforms/core';
import { markRaw } from 'vue';
import ArrayControl from './ArrayControl.vue';
import BooleanControl from './BooleanControl.vue';
import EnumControl from './EnumControl.vue';
import JsonControl from './JsonControl.vue';
import NumberControl from './NumberControl.vue';
import ObjectControl from './ObjectControl.vue';
import StringControl from './StringControl.vue';
import VerticalLayout from './VerticalLayout.vue';

const hasProperties = schemaMatches(
  (schema) => typeof schema.properties === 'object' && Object.keys(schema.properties).length > 0,
);
const isFreeObject = and(
  isObjectControl,
  schemaMatches((s) => !s.properties || Object.keys(s.properties).length === 0),
);
const isArray = and(uiTypeIs('Control'), schemaTypeIs('array'));
const isUntyped = and(
  uiTypeIs('Control'),
  schemaMatches((s) => s.type === undefined && !s.enum && !s.properties),
);

/** Element Plus renderers for JSON Forms; every schema the node types use has one. */
const entries: JsonFormsRendererRegistryEntry[] = [
  {
    tester: rankWith(1, or(uiTypeIs('VerticalLayout'), uiTypeIs('HorizontalLayout'), uiTypeIs('Group'))),
    renderer: VerticalLayout,
  },
  { tester: rankWith(2, isStringControl), renderer: StringControl },
  { tester: rankWith(2, or(isNumberControl, isIntegerControl)), renderer: NumberControl },
  { tester: rankWith(2, isBooleanControl), renderer: BooleanControl },
  { tester: rankWith(5, isEnumControl), renderer: EnumControl },
  { tester: rankWith(2, and(isObjectControl, hasProperties)), renderer: ObjectControl },
  { tester: rankWith(3, isFreeObject), renderer: JsonControl },
  { tester: rankWith(1, isUntyped), renderer: JsonControl },
  { tester: rankWith(2, isArray), renderer: ArrayControl },
];

// JSON Forms keeps the registry in reactive state; raw components avoid deep proxies of them.
export const elementPlusRenderers: JsonFormsRendererRegistryEntry[] = entries.map((e) => ({
  ...e,
  renderer: markRaw(e.renderer as object),
}));
