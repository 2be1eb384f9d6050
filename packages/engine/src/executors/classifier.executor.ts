import { EngineError } from '../engine-error.js';
import { optStr, str } from './config.util.js';
import type { Executor } from './executor.types.js';
import { tokenSink } from './llm.executor.js';

/** Maps a free-form model answer onto one of the labels, or undefined. */
export function matchLabel(answer: string, labels: string[]): string | undefined {
  const cleaned = answer
    .trim()
    .replace(/^["'`*\s]+|["'`*.\s]+$/g, '')
    .toLowerCase();
  const exact = labels.find((l) => l.toLowerCase() === cleaned);
  if (exact) return exact;
  const contained = labels.filter((l) => new RegExp(`\\b${escapeRegExp(l.toLowerCase())}\\b`).test(cleaned));
  return contained.length === 1 ? contained[0] : undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export const classifierExecutor: Executor = async (ctx) => {
  const labels = (Array.isArray(ctx.config.labels) ? ctx.config.labels : []).map(String);
  const fallback = optStr(ctx.config, 'default');
  const instructions = optStr(ctx.config, 'instructions') ?? 'Classify the user text.';
  // The `Labels:` line is also what the offline demo model keys on.
  const system = `${ctx.render(instructions)}\nAnswer with exactly one of the labels below and nothing else.\nLabels: ${labels.join(' | ')}`;
  const model = await ctx.model();
  const result = await model.stream(
    {
      messages: [
        { role: 'system', content: system },
        { role: 'user', content: ctx.render(str(ctx.config, 'prompt', '{{input}}')) },
      ],
      temperature: 0,
    },
    { signal: ctx.signal, onToken: tokenSink(ctx, false) },
  );
  ctx.reportUsage(result.usage);
  const label = matchLabel(result.text, labels) ?? fallback;
  if (label === undefined)
    throw new EngineError(
      'classifier_no_label',
      `The model answered "${result.text.slice(0, 200)}", which is none of: ${labels.join(', ')}`,
    );
  return { output: label };
};
