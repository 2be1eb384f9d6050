import type { HumanInputChoice } from '@agenthub/contracts';

/** What a `human_input` node offers, read from its config. */
export interface HumanInputOptions {
  choices: HumanInputChoice[];
  /** Whether a reply matching no choice is accepted as it is (always true without choices). */
  allowFreeText: boolean;
}

export type ReplyResolution = { ok: true; value: string; choice?: HumanInputChoice } | { ok: false };

/** Reads `choices` (strings or `{ value, label? }`) and `allowFreeText` from a node's config. */
export function humanInputOptions(config: Record<string, unknown>): HumanInputOptions {
  const raw = Array.isArray(config.choices) ? (config.choices as unknown[]) : [];
  const choices: HumanInputChoice[] = [];
  for (const c of raw) {
    if (typeof c === 'string' && c.trim()) choices.push({ value: c.trim(), label: c.trim() });
    else if (c && typeof c === 'object' && typeof (c as { value?: unknown }).value === 'string') {
      const value = ((c as { value: string }).value ?? '').trim();
      const label = (c as { label?: unknown }).label;
      if (value)
        choices.push({ value, label: typeof label === 'string' && label.trim() ? label.trim() : value });
    }
  }
  const allowFreeText = choices.length === 0 || config.allowFreeText !== false;
  return { choices, allowFreeText };
}

const normalise = (s: string) => s.normalize('NFKC').trim().replace(/\s+/g, ' ').toLocaleLowerCase();
/** After a choice, a reply may go on only past a word boundary: "Yes, approved" but not "Yesterday". */
const CONTINUES_WORD = /^[\p{L}\p{N}_]/u;

/**
 * Maps a reply to the choice it names. A choice matches when the reply equals its label or value
 * ignoring case and surrounding/repeated whitespace ("YES " → yes), or starts with one followed
 * by punctuation or a space ("Yes, approved" → yes, "no - thanks" → no; "Yesterday" names none).
 * An exact match wins over a prefix, and the longest prefix over shorter ones ("No way" over
 * "No" when both are choices). A reply naming no choice is kept as typed when free text is
 * allowed, refused otherwise.
 */
export function resolveHumanInputReply(reply: string, options: HumanInputOptions): ReplyResolution {
  const text = normalise(reply);
  let best: { choice: HumanInputChoice; length: number; exact: boolean } | undefined;
  for (const choice of options.choices) {
    for (const name of new Set([normalise(choice.label), normalise(choice.value)])) {
      if (!name) continue;
      const exact = text === name;
      const prefix = !exact && text.startsWith(name) && !CONTINUES_WORD.test(text.slice(name.length));
      if (!exact && !prefix) continue;
      if (!best || (exact && !best.exact) || (exact === best.exact && name.length > best.length))
        best = { choice, length: name.length, exact };
    }
  }
  if (best) return { ok: true, value: best.choice.value, choice: best.choice };
  return options.allowFreeText ? { ok: true, value: reply } : { ok: false };
}

/** The message of the `reply_not_a_choice` refusal, naming the choices. */
export function notAChoiceMessage(options: HumanInputOptions): string {
  return `Reply with one of: ${options.choices.map((c) => c.label).join(', ')}`;
}
