import MarkdownIt from 'markdown-it';

/**
 * Agent descriptions and agent answers come from third parties, so markdown is rendered with raw
 * HTML disabled (tags come out as text, never as elements) and markdown-it's link validation (no
 * `javascript:`/`vbscript:`/`data:` except images). Links open in a new tab without giving the
 * opened page a handle on ours. This is the app's one markdown renderer.
 */
export interface MarkdownRendererOptions {
  /**
   * Highlights a fenced code block: returns the inner HTML of `<code>` (escaped, e.g. by
   * highlight.js), or null to fall back to plain escaped text. Injected so the highlighter is only
   * loaded by the pages that need it (the chat).
   */
  highlight?: (code: string, lang: string) => string | null;
  /** Adds a copy button (`[data-code-copy]`) with this accessible label above each code block. */
  copyLabel?: string;
}

export type MarkdownRenderer = (source: string | null | undefined) => string;

export function createMarkdownRenderer(options: MarkdownRendererOptions = {}): MarkdownRenderer {
  const md = new MarkdownIt({
    html: false,
    linkify: true,
    breaks: false,
    highlight: options.highlight
      ? (code, lang) => {
          const html = options.highlight!(code, lang);
          // markdown-it wraps a non-empty result in <pre><code>; '' means "escape it yourself".
          return html ?? '';
        }
      : null,
  });

  const defaultLinkOpen =
    md.renderer.rules.link_open ?? ((tokens, idx, opts, _env, self) => self.renderToken(tokens, idx, opts));
  md.renderer.rules.link_open = (tokens, idx, opts, env, self) => {
    const token = tokens[idx]!;
    token.attrSet('target', '_blank');
    token.attrSet('rel', 'noopener noreferrer nofollow');
    return defaultLinkOpen(tokens, idx, opts, env, self);
  };

  if (options.copyLabel) {
    const label = md.utils.escapeHtml(options.copyLabel);
    const defaultFence = md.renderer.rules.fence!;
    md.renderer.rules.fence = (tokens, idx, opts, env, self) =>
      // The button is our markup, not the agent's; clicks are handled by the host component.
      `<div class="code-block"><button type="button" class="code-block__copy" data-code-copy>${label}</button>` +
      `${defaultFence(tokens, idx, opts, env, self)}</div>`;
  }

  return (source) => (source ? md.render(source) : '');
}

/** Markdown → HTML that is safe to put in `v-html`. */
export const renderMarkdown: MarkdownRenderer = createMarkdownRenderer();
