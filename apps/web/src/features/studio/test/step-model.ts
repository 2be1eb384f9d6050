import type { RunStep } from '@agenthub/contracts';

/** How a trace step names the model it called: i18n key plus the text to show, if any. */
export type StepModelLabel =
  | { key: 'studio.test.trace.modelNone' }
  | { key: 'studio.test.trace.modelDeleted' }
  | { key: 'studio.test.trace.modelValue'; model: string; config: string }
  | { key: 'studio.test.trace.modelConfigOnly'; config: string };

/** "gpt-4o (Team OpenAI)"; the config name alone when it names no model (demo); gone configs say so. */
export function stepModelLabel(model: RunStep['model']): StepModelLabel {
  if (!model) return { key: 'studio.test.trace.modelNone' };
  if (model.serviceConfigName === null) return { key: 'studio.test.trace.modelDeleted' };
  if (model.model === null)
    return { key: 'studio.test.trace.modelConfigOnly', config: model.serviceConfigName };
  return { key: 'studio.test.trace.modelValue', model: model.model, config: model.serviceConfigName };
}
