import type { Composer } from 'vue-i18n';
import { confirmAction } from '@/shared/confirm';

export interface DestructiveAction {
  /** The button's words, e.g. "Delete". */
  action: string;
  /** What it is done to, e.g. "service config “Mock LLM”". */
  target: string;
  /** What else changes, one line each (agents that lose their model, sessions that end…). */
  affects: string[];
  /** Can be turned back (disable → enable): no "cannot be undone". */
  reversible?: boolean;
}

/** "Delete service config “X”?" followed by what it affects, one line each. */
export function destructiveMessage(a: DestructiveAction, t: Composer['t']): string {
  const lines = [t('common.confirmQuestion', { action: a.action, target: a.target })];
  if (a.affects.length > 0) lines.push(t('common.affects'), ...a.affects.map((line) => `• ${line}`));
  if (!a.reversible) lines.push(t('common.noUndo'));
  return lines.join('\n');
}

/** Every destructive admin action asks through here: it says what it affects; true when confirmed. */
export function confirmDestructive(a: DestructiveAction, t: Composer['t']): Promise<boolean> {
  return confirmAction({
    title: a.action,
    message: destructiveMessage(a, t),
    confirmText: a.action,
    cancelText: t('common.cancel'),
  });
}
