/* global document, fetch, URL */
// The pages are sent with a strict CSP and the built assets precompressed and cached for good;
// every other spec runs the app under that policy (the runner fails on a CSP report).
import { assert, expectVisible, logIn } from '../lib/ui.mjs';

/**
 * The runner records every `securitypolicyviolation` event (and CSP console message) of a
 * scenario's pages in `cspViolations`, uncaught errors in `consoleErrors`, and fails the scenario
 * on any violation at its end; this says on which page one happened.
 */
function expectNoViolations({ cspViolations, consoleErrors }, where) {
  assert(cspViolations.length === 0, `no CSP violation on ${where}, got:\n${cspViolations.join('\n')}`);
  assert(consoleErrors.length === 0, `no page error on ${where}, got:\n${consoleErrors.join('\n')}`);
}

export const scenarios = [
  {
    name: 'serves the app with a strict CSP and precompressed, immutable assets',
    async run({ page, admin, baseUrl }) {
      const response = await page.goto('/login');
      const headers = response.headers();
      const csp = headers['content-security-policy'] ?? '';
      // Scripts from this origin only: no inline script, no eval.
      assert(/script-src 'self'(;|$)/.test(csp), `script-src self only, got "${csp}"`);
      assert(
        !/unsafe/.test(/script-src[^;]*/.exec(csp)?.[0] ?? ''),
        `no unsafe-* in script-src, got "${csp}"`,
      );
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
  {
    name: 'the Studio schema forms run under the CSP: template gallery, parameter form, Overview',
    async run(ctx) {
      const { page, admin } = ctx;
      await logIn(page, admin.email, admin.password);
      await page.goto('/studio/new');
      await page.getByTestId('mode-template').click();
      const card = page.locator('[data-template-key="customer-service-bot"]');
      // The graph is laid out by elkjs in a worker.
      await expectVisible(card.locator('.vue-flow__node'), 'the template graph in the gallery');
      expectNoViolations(ctx, 'the template gallery');

      // The parameter form validates as it is edited (JSON Schema, no eval).
      await card.getByTestId('choose-template').click();
      const form = page.getByTestId('template-parameters');
      const company = page.getByLabel('Company name');
      await company.fill('');
      await expectVisible(form.getByRole('alert').filter({ hasText: 'Required' }), 'the required error');
      await company.fill('Initech');
      await form.getByRole('alert').waitFor({ state: 'detached' });
      await expectVisible(
        page.getByTestId('template-prompts').getByText(/of Initech/),
        'the preview rebuilt with the parameter',
      );
      expectNoViolations(ctx, 'the template parameter form');

      const name = page.locator('[data-testid="agent-name"] input, input[data-testid="agent-name"]').first();
      await name.fill(`CSP check ${Date.now().toString(36)}`);
      await page.waitForFunction(
        () => document.querySelector('[data-testid="slug-state"]')?.dataset.state === 'available',
      );
      await page.getByTestId('create-agent').click();
      await page.waitForURL(/\/studio\/agents\/[0-9a-f-]{36}/);
      const id = /\/studio\/agents\/([0-9a-f-]{36})/.exec(page.url())[1];
      await page.goto(`/studio/agents/${id}/overview`);
      await expectVisible(page.getByTestId('overview-form'), 'the Overview form');
      expectNoViolations(ctx, 'the Overview tab');
    },
  },
];
