import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown.util';

function mountHtml(html: string): HTMLElement {
  const el = document.createElement('div');
  el.innerHTML = html;
  document.body.append(el);
  return el;
}

describe('renderMarkdown', () => {
  it('renders headings, lists, emphasis and code', () => {
    const el = mountHtml(renderMarkdown('# Title\n\n- **one**\n- `two`'));
    expect(el.querySelector('h1')?.textContent).toBe('Title');
    expect(el.querySelectorAll('li')).toHaveLength(2);
    expect(el.querySelector('strong')?.textContent).toBe('one');
    expect(el.querySelector('code')?.textContent).toBe('two');
  });

  it('shows a <script> or <img onerror> payload as text instead of running it', () => {
    (globalThis as Record<string, unknown>).pwned = false;
    const payload =
      'Hi <script>window.pwned = true</script>\n\n<img src="x" onerror="window.pwned = true">\n\n<a href="#" onclick="x()">a</a>';
    const html = renderMarkdown(payload);
    const el = mountHtml(html);

    expect(el.querySelector('script')).toBeNull();
    expect(el.querySelector('img')).toBeNull();
    expect(el.querySelector('[onerror], [onclick]')).toBeNull();
    expect(html).not.toMatch(/<script|<img/i);
    // The user still sees what the developer wrote, as inert text.
    expect(el.textContent).toContain('<script>window.pwned = true</script>');
    expect((globalThis as Record<string, unknown>).pwned).toBe(false);
  });

  it('refuses javascript: links and opens real links safely in a new tab', () => {
    const el = mountHtml(renderMarkdown('[bad](javascript:alert(1)) [good](https://example.com)'));
    const links = [...el.querySelectorAll('a')];
    expect(links).toHaveLength(1);
    expect(links[0]!.getAttribute('href')).toBe('https://example.com');
    expect(links[0]!.getAttribute('target')).toBe('_blank');
    expect(links[0]!.getAttribute('rel')).toContain('noopener');
  });

  it('keeps attribute-breaking image markdown inert', () => {
    const el = mountHtml(renderMarkdown('![x](https://e.com/a.png" onerror="alert(1))'));
    expect(el.querySelector('[onerror]')).toBeNull();
  });

  it('renders nothing for an empty description', () => {
    expect(renderMarkdown(null)).toBe('');
  });
});
