/* global document */
// Issue 2: the pages a user meets first have no serious accessibility violations (axe-core),
// in both colour schemes, and the main flow works from the keyboard alone.
import { expectNoSeriousA11yViolations } from '../lib/a11y.mjs';
import { assert, expectVisible, logIn, uniqueEmail } from '../lib/ui.mjs';

export const scenarios = [
  {
    name: 'login, register and store pages pass axe in light and dark mode',
    async run({ page }) {
      for (const path of ['/login', '/register', '/store']) {
        await page.goto(path);
        await page.locator('#main').waitFor();
        await expectNoSeriousA11yViolations(page, `${path} (light)`);
      }
      await page.getByTestId('theme-toggle').click();
      for (const path of ['/login', '/store']) {
        await page.goto(path);
        await page.locator('#main').waitFor();
        await expectNoSeriousA11yViolations(page, `${path} (dark)`);
      }
    },
  },
  {
    name: 'API keys and admin users pages pass axe',
    async run({ page, admin }) {
      await logIn(page, admin.email, admin.password);
      await page.goto('/account/api-keys');
      await expectVisible(page.getByTestId('api-keys-table'), 'the API keys table');
      await expectNoSeriousA11yViolations(page, '/account/api-keys');
      await page.goto('/admin/users');
      await expectVisible(page.getByTestId('users-table').locator('tbody tr'), 'the users table');
      await expectNoSeriousA11yViolations(page, '/admin/users');
    },
  },
  {
    name: 'registers using only the keyboard',
    async run({ page }) {
      await page.goto('/register');
      // The page's form is a lazy route chunk that may still be loading after `load`: pressing
      // Tab before it is there walked focus out of an empty <main> into the header (the flake).
      await expectVisible(page.getByTestId('register-email'), 'the register form');
      // The first Tab lands on the skip link, which moves focus past the header.
      await page.keyboard.press('Tab');
      const focused = () =>
        page.evaluate(() => ({
          id: document.activeElement?.id,
          name: document.activeElement?.getAttribute('name'),
          text: document.activeElement?.textContent,
        }));
      assert((await focused()).text === 'Skip to main content', 'skip link first');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.activeElement?.id === 'main');
      // The next Tab reaches the email field directly, then type and tab through the form.
      await page.keyboard.press('Tab');
      const afterSkip = await focused();
      assert(
        afterSkip.name === 'email',
        `Tab after the skip link focuses the email field, not ${JSON.stringify(afterSkip)}`,
      );
      const email = uniqueEmail('keys');
      await page.keyboard.type(email);
      await page.keyboard.press('Tab');
      await page.keyboard.type('Keyboard User');
      await page.keyboard.press('Tab');
      await page.keyboard.type('typed without a mouse');
      await page.keyboard.press('Enter');
      await expectVisible(
        page.getByTestId('user-menu').filter({ hasText: 'Keyboard User' }),
        'the new account signed in',
      );
    },
  },
];
