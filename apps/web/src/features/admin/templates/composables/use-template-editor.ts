import { computed, ref, shallowRef } from 'vue';
import type { TemplateStatus, WorkflowTemplate } from '@agenthub/contracts';
import { workflowTemplatesApi } from '@/api/workflow-templates.api';
import { useWorkflowDraftStore } from '@/features/studio/editor/workflow-draft/workflow-draft.store';
import { checkParameterSchemaText, parameterNames } from './template-parameters';
import { templateDraftTarget } from './template-draft-target';

const EMPTY_SCHEMA = { type: 'object', properties: {} };

/**
 * The admin template editor's state beside the workflow (which is the workflow-draft store, with
 * the template as its save target): the stored template, the parameter schema text checked as
 * it is typed, and publish / deprecate. A schema edit counts as a change to save.
 */
export function useTemplateEditor() {
  const draft = useWorkflowDraftStore();
  const template = shallowRef<WorkflowTemplate | null>(null);
  const schemaText = ref(JSON.stringify(EMPTY_SCHEMA, null, 2));
  const check = computed(() => checkParameterSchemaText(schemaText.value));
  /** The last schema that checked out: what is saved, validated and offered while the text is broken. */
  const lastValid = shallowRef<Record<string, unknown>>(EMPTY_SCHEMA);
  const schema = computed(() => (check.value.problems.length ? lastValid.value : check.value.value!));
  const params = computed(() => parameterNames(schema.value));
  const dirty = computed(() => draft.pending);

  function adopt(stored: WorkflowTemplate) {
    const first = template.value?.id !== stored.id;
    template.value = stored;
    if (first || !draft.pending) {
      schemaText.value = JSON.stringify(stored.parameterSchema, null, 2);
      lastValid.value = stored.parameterSchema;
    }
  }

  async function load(id: string) {
    template.value = null;
    await draft.load(
      templateDraftTarget(id, { parameterSchema: () => schema.value, adopt: (t) => adopt(t) }),
    );
  }

  function setSchemaText(text: string) {
    schemaText.value = text;
    const next = checkParameterSchemaText(text);
    if (!next.problems.length && next.value) lastValid.value = next.value;
    draft.touch();
  }

  /** Saves the workflow and the parameter schema as a new version. */
  const save = () => draft.save();

  /** Publish (`active`) or deprecate; unsaved changes are saved first. */
  async function setStatus(status: TemplateStatus) {
    if (!template.value) return;
    if (dirty.value) await save();
    if (draft.saveState === 'failed') throw new Error(draft.saveError ?? 'save failed');
    template.value = await workflowTemplatesApi.update(template.value.id, { status });
  }

  return { template, schemaText, check, schema, params, dirty, load, setSchemaText, save, setStatus };
}
