/* global URL, localStorage */
// Issue 2: a new user registers, logs in, and manages an API key in the browser.
import { assert, expectVisible, logIn, logOut, uniqueEmail } from '../lib/ui.mjs';

export const scenarios = [
  {
    name: 'registers a new account',
    async run({ page, shared, screenshot }) {
      shared.email = uniqueEmail('ada');
      shared.password = 'correct horse battery';
      await page.goto('/register');
      await page.getByLabel('Email').fill(shared.email);
      await page.getByLabel('Display name').fill('Ada Lovelace');
      await page.getByLabel('Password', { exact: true }).fill(shared.password);
      await screenshot('register');
      await page.getByTestId('register-submit').click();
      await expectVisible(
        page.getByTestId('user-menu').filter({ hasText: 'Ada Lovelace' }),
        'the new user signed in',
      );
      await page.waitForURL((url) => url.pathname === '/store');
      // A plain user sees neither the Studio nor the Admin entries.
      assert(
        (await page.getByTestId('nav-studio').count()) === 0,
        'Studio should be hidden for a plain user',
      );
      assert(
        (await page.getByTestId('nav-admin-users').count()) === 0,
        'Admin should be hidden for a plain user',
      );
    },
  },
  {
    name: 'logs out and logs back in, returning to the page asked for',
    async run({ page, shared }) {
      await logIn(page, shared.email, shared.password);
      await logOut(page);
      // A protected page sends an anonymous visitor to log in and back.
      await page.goto('/account/api-keys');
      await page.waitForURL(/\/login\?redirect=(%2F|\/)account(%2F|\/)api-keys$/);
      await page.getByLabel('Email').fill(shared.email);
      await page.getByLabel('Password', { exact: true }).fill('wrong password');
      await page.getByTestId('login-submit').click();
      await expectVisible(
        page.getByTestId('form-error').filter({ hasText: /wrong email or password|invalid/i }),
        'the wrong-password error',
      );
      await page.getByLabel('Password', { exact: true }).fill(shared.password);
      await page.getByTestId('login-submit').click();
      await page.waitForURL('**/account/api-keys');
    },
  },
  {
    name: 'creates an API key, sees it listed, and revokes it',
    async run({ page, shared, screenshot }) {
      await logIn(page, shared.email, shared.password);
      await page.getByTestId('user-menu').click();
      await page.getByTestId('menu-api-keys').click();
      await page.waitForURL('**/account/api-keys');

      await page.getByTestId('open-create-key').click();
      await page.getByLabel('Name').fill('e2e-laptop');
      await page.getByTestId('key-create-submit').click();
      const keyInput = page.getByTestId('created-key-value');
      await expectVisible(keyInput, 'the new key');
      const key = await keyInput.inputValue();
      assert(key.startsWith('ahk_'), `expected an ahk_ key, got "${key}"`);
      await expectVisible(page.getByText('it will not be shown again'), 'the shown-once warning');
      await screenshot('api-key-created');
      await page.getByTestId('key-done').click();

      const row = page.getByTestId('api-keys-table').locator('tbody tr').filter({ hasText: 'e2e-laptop' });
      await expectVisible(row, 'the key in the list');
      assert(!(await page.content()).includes(key), 'the full key must not stay on the page');
      // The key really works as a bearer token until it is revoked.
      const me = await page.request.get('/api/me', { headers: { authorization: `Bearer ${key}` } });
      assert(me.status() === 200, `GET /api/me with the new key should be 200, got ${me.status()}`);
      await screenshot('api-keys-list');

      await row.getByTestId('revoke-key').click();
      await page.locator('.el-message-box').getByRole('button', { name: 'Revoke' }).click();
      await row.waitFor({ state: 'detached' });
      await page.reload();
      await expectVisible(page.getByText('You have no API keys yet.'), 'the empty list after revoking');
      const after = await page.request.get('/api/me', { headers: { authorization: `Bearer ${key}` } });
      assert(after.status() === 401, `a revoked key should get 401, got ${after.status()}`);
      await screenshot('api-key-revoked');
    },
  },
  {
    name: 'renews a stale access token silently instead of logging out',
    async run({ page, shared }) {
      await logIn(page, shared.email, shared.password);
      const before = await page.evaluate(() => localStorage.getItem('agenthub.refreshToken'));
      // As if the access token had expired while the tab sat idle.
      await page.evaluate(() => localStorage.setItem('agenthub.accessToken', 'expired-or-garbage'));
      await page.getByTestId('user-menu').click();
      await page.getByTestId('menu-api-keys').click();
      await expectVisible(page.getByText('You have no API keys yet.'), 'the API keys page, still signed in');
      const after = await page.evaluate(() => localStorage.getItem('agenthub.refreshToken'));
      assert(after && after !== before, 'the refresh token should have been rotated');
      assert(
        (await page.evaluate(() => localStorage.getItem('agenthub.accessToken'))) !== 'expired-or-garbage',
        'a new access token should be stored',
      );
      assert(
        new URL(page.url()).pathname === '/account/api-keys',
        `should stay on the page, got ${page.url()}`,
      );
    },
  },
  {
    name: 'renames themself and changes their password',
    async run({ page, shared, screenshot }) {
      await logIn(page, shared.email, shared.password);
      await page.getByTestId('user-menu').click();
      await page.getByTestId('menu-profile').click();
      await page.waitForURL('**/account/profile');

      await page.getByLabel('Display name').fill('Ada King');
      await page.getByRole('button', { name: 'Save name' }).click();
      await expectVisible(
        page.getByTestId('user-menu').filter({ hasText: 'Ada King' }),
        'the new name in the header',
      );

      await page.getByLabel('Current password').fill('not my password');
      await page.getByLabel('New password', { exact: true }).fill('a brand new secret');
      await page.getByLabel('Confirm new password').fill('a brand new secret');
      await page.getByRole('button', { name: 'Change password' }).click();
      const currentItem = page.locator('.el-form-item').filter({ has: page.getByLabel('Current password') });
      await expectVisible(currentItem.locator('.el-form-item__error'), 'an error under "Current password"');
      await screenshot('profile-wrong-password');

      await page.getByLabel('Current password').fill(shared.password);
      await page.getByRole('button', { name: 'Change password' }).click();
      await expectVisible(page.getByText('Password changed'), 'the confirmation');
      shared.password = 'a brand new secret';
      await logOut(page);
      await logIn(page, shared.email, shared.password);
    },
  },
];
