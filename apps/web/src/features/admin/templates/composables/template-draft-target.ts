import type { WorkflowTemplate } from '@agenthub/contracts';
import { workflowTemplatesApi } from '@/api/workflow-templates.api';
import { parseDefinition, type DraftTarget } from '@/features/studio/editor/workflow-draft/draft-target';

/** What the template editor keeps beside the workflow: the parameter schema being edited. */
export interface TemplateSide {
  /** The parameter schema to save and validate with (the last valid one while the text is broken). */
  parameterSchema(): Record<string, unknown>;
  /** Every load and save hands over the stored template (name, status, version, schema). */
  adopt(template: WorkflowTemplate): void;
}

/**
 * A workflow template as the workflow-draft store's save target: loaded and saved with its
 * parameter schema; a save is a new version, so it saves only when asked (no autosave), and
 * the problems list comes from validating the unsaved draft with sample parameters.
 */
export function templateDraftTarget(id: string, side: TemplateSide): DraftTarget {
  const validate = async (definition: object) =>
    (
      await workflowTemplatesApi.validateDraft({
        definition: { ...definition },
        parameterSchema: side.parameterSchema(),
      })
    ).issues;
  return {
    kind: 'template',
    id,
    autosave: false,
    async load() {
      const template = await workflowTemplatesApi.get(id);
      side.adopt(template);
      return { name: template.name, definition: parseDefinition(template.definition) };
    },
    async save(definition) {
      const template = await workflowTemplatesApi.update(id, {
        definition: { ...definition },
        parameterSchema: side.parameterSchema(),
      });
      side.adopt(template);
      return { issues: await validate(definition) };
    },
    validate,
  };
}
