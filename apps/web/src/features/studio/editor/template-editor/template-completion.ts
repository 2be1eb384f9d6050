import type { CompletionContext, CompletionResult, CompletionSource } from '@codemirror/autocomplete';

/** CodeMirror completion after `{{`: the current paths, closing the braces when needed. */
export function templateCompletionSource(paths: () => readonly string[]): CompletionSource {
  return (context: CompletionContext): CompletionResult | null => {
    const match = context.matchBefore(/\{\{\s*[\w.-]*$/);
    if (!match) return null;
    const from = match.from + match.text.search(/[\w.-]*$/);
    const closed = context.state.sliceDoc(context.pos, context.pos + 2) === '}}';
    return {
      from,
      validFor: /^[\w.-]*$/,
      options: paths().map((p) => ({
        label: p,
        type: p.startsWith('nodes.') ? 'property' : 'variable',
        apply: closed ? p : `${p}}}`,
      })),
    };
  };
}
