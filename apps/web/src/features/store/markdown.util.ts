import MarkdownIt from 'markdown-it';

/**
 * Agent descriptions are written by third-party developers, so they are rendered with raw HTML
 * disabled (tags come out as text, never as elements) and markdown-it's link validation (no
 * `javascript:`/`vbscript:`/`data:` except images). Links open in a new tab without giving the
 * opened page a handle on ours.
 */
const md = new MarkdownIt({ html: false, linkify: true, breaks: false });

const defaultLinkOpen =
  md.renderer.rules.link_open ??
  ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));

md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const token = tokens[idx]!;
  token.attrSet('target', '_blank');
  token.attrSet('rel', 'noopener noreferrer nofollow');
  return defaultLinkOpen(tokens, idx, options, env, self);
};

/** Markdown → HTML that is safe to put in `v-html`. */
export function renderMarkdown(source: string | null | undefined): string {
  return source ? md.render(source) : '';
}
