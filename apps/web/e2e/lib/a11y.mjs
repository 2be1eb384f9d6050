/* global window, document */
// axe-core accessibility checks inside the page under test.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/**
 * Runs axe on the current page and throws when it finds serious or critical violations
 * (WCAG 2.1 A/AA rules), listing each rule with the first offending elements.
 */
export async function expectNoSeriousA11yViolations(page, where) {
  // Evaluated through the DevTools protocol, not as an inline <script>: the app's CSP (rightly)
  // blocks inline scripts, and the test tool must not need an exception to it.
  // Colours measured mid-transition (a tag fading in, a theme switch) read as low contrast:
  // let finite animations end first (infinite ones, e.g. spinners, only up to the timeout).
  await page
    .waitForFunction(
      () =>
        document
          .getAnimations()
          .every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity),
      undefined,
      { timeout: 3000 },
    )
    .catch(() => {});
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(readFileSync(axePath, 'utf8'));
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v) =>
          `${v.id} (${v.impact}): ${v.help} → ${v.nodes
            .slice(0, 3)
            .map((n) => n.target.join(' '))
            .join(' | ')}`,
      );
  });
  if (violations.length > 0) throw new Error(`accessibility problems on ${where}:\n${violations.join('\n')}`);
}
