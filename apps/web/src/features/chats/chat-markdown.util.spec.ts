import { describe, expect, it } from 'vitest';
import { chatMarkdown, codeForCopyClick, createChatMarkdown } from './chat-markdown.util';

function mount(html: string): HTMLElement {
  const el = document.createElement('div');
  el.innerHTML = html;
  document.body.append(el);
  return el;
}

describe('chat answers as markdown', () => {
  it('never runs a <script> or <img onerror> payload from an agent: they show as text', () => {
    const w = globalThis as Record<string, unknown>;
    w.pwned = false;
    const answer =
      'Sure!\n\n<script>window.pwned = true</script>\n\n<img src="x" onerror="window.pwned = true">\n\n' +
      '[click](javascript:window.pwned=true) <svg onload="window.pwned = true"></svg>';
    const html = createChatMarkdown('Copy').render('m1', answer);
    const el = mount(html);

    expect(el.querySelector('script, img, svg, [onerror], [onload], [onclick]')).toBeNull();
    expect(el.querySelector('a[href^="javascript"]')).toBeNull();
    expect(html).not.toMatch(/<(script|img|svg)/i);
    expect(el.textContent).toContain('<script>window.pwned = true</script>');
    expect(el.textContent).toContain('<img src="x" onerror="window.pwned = true">');
    expect(w.pwned).toBe(false);
  });

  it('keeps a payload inside a code block inert too, and highlights known languages', () => {
    const md = createChatMarkdown('Copy');
    const el = mount(md.render('m2', '```js\nconst x = "</code><img src=x onerror=alert(1)>";\n```'));
    expect(el.querySelector('img, [onerror]')).toBeNull();
    expect(el.querySelector('pre code .hljs-keyword')?.textContent).toBe('const');
    expect(el.querySelector('pre code')?.textContent).toContain('<img src=x onerror=alert(1)>');
  });

  it('puts a copy button above each code block that copies that block', () => {
    const el = mount(
      createChatMarkdown('Copy code').render('m3', 'Run:\n\n```bash\nnpm start\n```\n\n```\nplain <b>\n```'),
    );
    const buttons = el.querySelectorAll<HTMLButtonElement>('button[data-code-copy]');
    expect(buttons).toHaveLength(2);
    expect(buttons[0]!.type).toBe('button');
    expect(buttons[0]!.textContent).toBe('Copy code');
    expect(codeForCopyClick(buttons[0]!)).toBe('npm start\n');
    expect(codeForCopyClick(buttons[1]!)).toBe('plain <b>\n');
    expect(codeForCopyClick(el.querySelector('p'))).toBeNull();
  });

  it('renders each message once per text: the cache answers until the text changes', () => {
    const md = createChatMarkdown('Copy');
    const first = md.render('m4', '**Hello**');
    expect(md.render('m4', '**Hello**')).toBe(first);
    expect(md.render('m4', '**Hello** world')).toContain('world');
    expect(md.size).toBe(1);
    // A new language (copy label) gets its own renderer.
    expect(chatMarkdown('Copy')).toBe(chatMarkdown('Copy'));
    expect(chatMarkdown('复制')).not.toBe(chatMarkdown('Copy'));
  });
});
