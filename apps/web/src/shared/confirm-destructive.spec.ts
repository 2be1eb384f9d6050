import { describe, expect, it } from 'vitest';
import { destructiveMessage } from './confirm-destructive';

describe('destructive confirmation', () => {
  const t = ((key: string, values?: Record<string, string>) =>
    values ? `${key}(${Object.values(values).join('|')})` : key) as never;

  it('asks about the target, lists what it affects and says it cannot be undone', () => {
    expect(destructiveMessage({ action: 'Delete', target: 'X', affects: ['a', 'b'] }, t)).toBe(
      'common.confirmQuestion(Delete|X)\ncommon.affects\n• a\n• b\ncommon.noUndo',
    );
    expect(destructiveMessage({ action: 'Delete', target: 'X', affects: [] }, t)).toBe(
      'common.confirmQuestion(Delete|X)\ncommon.noUndo',
    );
    expect(destructiveMessage({ action: 'Disable', target: 'Y', affects: [], reversible: true }, t)).toBe(
      'common.confirmQuestion(Disable|Y)',
    );
  });
});
