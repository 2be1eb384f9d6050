import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import css from 'highlight.js/lib/languages/css';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import python from 'highlight.js/lib/languages/python';
import sql from 'highlight.js/lib/languages/sql';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';
import { createMarkdownRenderer, type MarkdownRenderer } from '@/shared/markdown/markdown.util';

// The core plus a handful of languages, imported only by the chat chunk (the full build is ~1 MB).
const LANGUAGES = { bash, css, javascript, json, python, sql, typescript, xml, yaml };
for (const [name, language] of Object.entries(LANGUAGES)) hljs.registerLanguage(name, language);
const ALIASES: Record<string, string> = {
  sh: 'bash',
  shell: 'bash',
  zsh: 'bash',
  js: 'javascript',
  jsx: 'javascript',
  ts: 'typescript',
  tsx: 'typescript',
  py: 'python',
  html: 'xml',
  vue: 'xml',
  yml: 'yaml',
};

/** highlight.js escapes the code and only adds `<span class="hljs-…">`: safe inside `<code>`. */
export function highlightCode(code: string, lang: string): string | null {
  const name = ALIASES[lang.toLowerCase()] ?? lang.toLowerCase();
  if (!name || !hljs.getLanguage(name)) return null;
  return hljs.highlight(code, { language: name, ignoreIllegals: true }).value;
}

const CACHE_LIMIT = 2000;

/**
 * Markdown for agent answers: the app's one safe renderer (raw HTML off) with highlighted code
 * blocks and a copy button on each. Rendered HTML is cached per message id and text, so a long
 * conversation re-renders only the answer that is streaming.
 */
export function createChatMarkdown(copyLabel: string) {
  const render: MarkdownRenderer = createMarkdownRenderer({ highlight: highlightCode, copyLabel });
  const cache = new Map<string, { source: string; html: string }>();
  return {
    render(id: string, source: string): string {
      const hit = cache.get(id);
      if (hit && hit.source === source) return hit.html;
      const html = render(source);
      if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
      cache.set(id, { source, html });
      return html;
    },
    get size() {
      return cache.size;
    },
  };
}

let shared: { label: string; markdown: ReturnType<typeof createChatMarkdown> } | null = null;

/** The renderer for the current language (the copy button's label is part of the HTML). */
export function chatMarkdown(copyLabel: string) {
  if (shared?.label !== copyLabel) shared = { label: copyLabel, markdown: createChatMarkdown(copyLabel) };
  return shared.markdown;
}

/** For a click inside rendered markdown: the code of the block whose copy button was hit. */
export function codeForCopyClick(target: EventTarget | null): string | null {
  const button = target instanceof Element ? target.closest('[data-code-copy]') : null;
  const code = button?.parentElement?.querySelector('pre code, pre');
  return code ? (code.textContent ?? '') : null;
}
