/* global fetch, URL */
// The pages are sent with a strict CSP and the built assets precompressed and cached for good;
// every other spec runs the app under that policy (the runner fails on a CSP report).
import { assert, expectVisible, logIn } from '../lib/ui.mjs';

export const scenarios = [
  {
    name: 'serves the app with a strict CSP and precompressed, immutable assets',
    async run({ page, admin, baseUrl }) {
      const response = await page.goto('/login');
      const headers = response.headers();
      const csp = headers['content-security-policy'] ?? '';
      // Scripts from this origin only; eval is allowed for Ajv (see common/web-app.static.ts), inline script is not.
      assert(/script-src 'self'( 'unsafe-eval')?(;|$)/.test(csp), `script-src self only, got "${csp}"`);
      assert(
        csp.includes("frame-ancestors 'none'") && csp.includes("object-src 'none'"),
        `strict CSP, got "${csp}"`,
      );
      assert(headers['x-content-type-options'] === 'nosniff', 'nosniff');
      assert(headers['x-frame-options'] === 'DENY', 'frame options');
      assert(headers['cache-control'] === 'no-cache', `index.html no-cache, got ${headers['cache-control']}`);

      const script = await page.locator('script[type="module"]').first().getAttribute('src');
      const res = await fetch(new URL(script, baseUrl), { headers: { 'accept-encoding': 'br, gzip' } });
      assert(
        res.headers.get('content-encoding') === 'br',
        `brotli entry script, got ${res.headers.get('content-encoding')}`,
      );
      assert(
        res.headers.get('cache-control') === 'public, max-age=31536000, immutable',
        `immutable entry script, got ${res.headers.get('cache-control')}`,
      );

      // The app itself runs under the policy: log in and reach the store.
      await logIn(page, admin.email, admin.password);
      await page.getByTestId('nav-store').click();
      await expectVisible(page.getByTestId('store-results').locator('article'), 'the store results');
    },
  },
];
