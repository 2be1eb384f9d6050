import { computed, reactive, ref } from 'vue';
import type { CreateNodeTypeRequest, NodeType } from '@agenthub/contracts';
import {
  checkDefaultConfig,
  checkJsonSchemaText,
  parseJsonObject,
  type JsonObject,
} from './json-schema-check';

const pretty = (value: unknown) => JSON.stringify(value, null, 2);

export const STARTER_SCHEMA: JsonObject = {
  type: 'object',
  properties: { prompt: { type: 'string', title: 'Prompt', description: 'What the node does' } },
  required: ['prompt'],
};

/**
 * The node type editor's state: plain fields plus the three JSON texts (input schema, output
 * schema, default config), each checked as the admin types. The last valid input schema keeps
 * the live preview on screen while the text is briefly broken.
 */
export function useNodeTypeForm() {
  const fields = reactive({
    typeName: '',
    kind: '',
    displayName: '',
    description: '',
    category: 'general',
    tags: [] as string[],
    icon: '',
    requiredServices: [] as string[],
  });
  const inputText = ref(pretty(STARTER_SCHEMA));
  const outputText = ref(pretty({}));
  const defaultsText = ref(pretty({}));

  const inputCheck = computed(() => checkJsonSchemaText(inputText.value));
  const outputCheck = computed(() => checkJsonSchemaText(outputText.value));
  const defaultsParsed = computed(() => parseJsonObject(defaultsText.value));

  let lastGood: JsonObject = STARTER_SCHEMA;
  const previewSchema = computed(() => {
    const check = inputCheck.value;
    if (check.value && check.problems.length === 0) lastGood = check.value;
    return lastGood;
  });
  const defaultsProblems = computed(() => {
    const parsed = defaultsParsed.value;
    if (!parsed.value) return parsed.problems;
    return checkDefaultConfig(previewSchema.value, parsed.value);
  });
  const defaults = computed<JsonObject>(() => defaultsParsed.value.value ?? {});

  /** The preview form edits the defaults: what the admin fills in is what developers start from. */
  function setDefaults(value: JsonObject) {
    defaultsText.value = pretty(value);
  }

  const valid = computed(
    () =>
      fields.displayName.trim() !== '' &&
      fields.kind !== '' &&
      inputCheck.value.problems.length === 0 &&
      outputCheck.value.problems.length === 0 &&
      defaultsProblems.value.length === 0,
  );

  function fill(type: NodeType) {
    Object.assign(fields, {
      typeName: type.typeName,
      kind: type.kind,
      displayName: type.displayName,
      description: type.description,
      category: type.category,
      tags: [...type.tags],
      icon: type.icon ?? '',
      requiredServices: [...type.requiredServices],
    });
    inputText.value = pretty(type.inputSchema);
    outputText.value = pretty(type.outputSchema);
    defaultsText.value = pretty(type.defaultConfig);
  }

  function toRequest(): CreateNodeTypeRequest {
    return {
      typeName: fields.typeName.trim(),
      kind: fields.kind,
      displayName: fields.displayName.trim(),
      description: fields.description,
      category: fields.category.trim() || 'general',
      tags: fields.tags,
      icon: fields.icon.trim() || null,
      requiredServices: fields.requiredServices,
      inputSchema: inputCheck.value.value ?? {},
      outputSchema: outputCheck.value.value ?? {},
      defaultConfig: defaults.value,
    };
  }

  return {
    fields,
    inputText,
    outputText,
    defaultsText,
    inputCheck,
    outputCheck,
    previewSchema,
    defaults,
    defaultsProblems,
    setDefaults,
    valid,
    fill,
    toRequest,
  };
}
