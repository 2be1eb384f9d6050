import type { Composer } from 'vue-i18n';
import { confirmDestructive, type DestructiveAction } from '@/shared/confirm-destructive';

/** What deprecating a template does: hidden from new agents, agents built from it unchanged; publishable again. */
export function deprecateTemplateAction(name: string, t: Composer['t']): DestructiveAction {
  return {
    action: t('admin.templates.deprecate'),
    target: t('admin.templates.deprecateTarget', { name }),
    affects: [t('admin.templates.deprecateAffectsNew'), t('admin.templates.deprecateAffectsExisting')],
    reversible: true,
  };
}

/** Asks before deprecating the template `name` (list and editor alike); true when confirmed. */
export const confirmDeprecateTemplate = (name: string, t: Composer['t']): Promise<boolean> =>
  confirmDestructive(deprecateTemplateAction(name, t), t);
