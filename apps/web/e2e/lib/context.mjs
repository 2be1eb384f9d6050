/* global URL, fetch, document, window */
// What a scenario gets: a fresh browser page on the app, helpers for screenshots and the API.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const slug = (s) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/**
 * @param {{ browser: import('playwright-core').Browser, baseUrl: string, artifactsDir: string, admin: { email: string, password: string } }} env
 */
export function contextFactory({ browser, baseUrl, artifactsDir, admin }) {
  mkdirSync(artifactsDir, { recursive: true });
  return async ({ shared, title }) => {
    // English UI and a fixed viewport so selectors and screenshots are stable across machines.
    const contexts = [];
    // The app must work under its Content-Security-Policy: any report fails the scenario.
    const cspViolations = [];
    const openPage = async () => {
      const context = await browser.newContext({
        baseURL: baseUrl,
        locale: 'en-US',
        viewport: { width: 1280, height: 800 },
      });
      context.setDefaultTimeout(15_000);
      contexts.push(context);
      // Every `securitypolicyviolation` of every document: also the ones the console never shows,
      // such as an eval the page tried and caught (a library probing whether it may eval).
      await context.exposeFunction('__e2eCspViolation', (text) => cspViolations.push(text));
      await context.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) =>
          window.__e2eCspViolation(
            `${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`,
          ),
        );
      });
      const opened = await context.newPage();
      opened.on('console', (msg) => {
        if (/Content Security Policy/i.test(msg.text())) cspViolations.push(msg.text());
      });
      return opened;
    };
    const page = await openPage();
    const consoleErrors = [];
    page.on('pageerror', (err) => consoleErrors.push(String(err)));

    return {
      page,
      baseUrl,
      admin,
      shared,
      consoleErrors,
      cspViolations,
      /** A second, independent browser (its own storage): another user at the same time. */
      newPage: openPage,
      /** Saves `artifacts/<name>.png` and returns its path. */
      async screenshot(name) {
        const path = join(artifactsDir, `${slug(name)}.png`);
        await page.screenshot({ path, fullPage: true });
        return path;
      },
      /** Calls the API directly (setup shortcuts that are not what the scenario is testing). */
      async api(method, path, body, token) {
        const res = await fetch(new URL(`/api${path}`, baseUrl), {
          method,
          headers: {
            'content-type': 'application/json',
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await res.text();
        const json = text ? JSON.parse(text) : undefined;
        if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text}`);
        return json;
      },
      screenshotOnFailure: () => {
        const path = join(artifactsDir, `failed-${slug(title)}.png`);
        return page.screenshot({ path, fullPage: true }).then(() => path);
      },
      close: () => Promise.all(contexts.map((c) => c.close())),
    };
  };
}
