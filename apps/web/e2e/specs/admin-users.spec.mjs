/* global document */
// Issue 2: an admin finds a user and gives them the developer role; role guards in the browser.
import { assert, expectVisible, logIn, logOut, uniqueEmail } from '../lib/ui.mjs';

export const scenarios = [
  {
    name: 'a plain user is refused the admin pages',
    async run({ page, shared, api }) {
      shared.email = uniqueEmail('grace');
      shared.password = 'grace hopper 1906';
      // Setup through the API: registering in the UI is covered by account.spec.
      await api('POST', '/auth/register', {
        email: shared.email,
        password: shared.password,
        displayName: 'Grace Hopper',
      });
      await logIn(page, shared.email, shared.password);
      await page.goto('/admin/users');
      await expectVisible(page.getByText('Access denied'), 'the 403 page');
      await page.goto('/studio');
      await expectVisible(page.getByText('Access denied'), 'the 403 page for the Studio');
    },
  },
  {
    name: 'admin finds the user and gives them the developer role',
    async run({ page, shared, admin, screenshot }) {
      await logIn(page, admin.email, admin.password);
      await page.getByTestId('nav-admin-users').click();
      await page.waitForURL('**/admin/users');
      await page.getByTestId('users-search').fill(shared.email);
      const row = page.getByTestId('users-table').locator('tbody tr').filter({ hasText: shared.email });
      await expectVisible(row, 'the user in the search results');
      await page.waitForFunction(
        () => document.querySelectorAll('[data-testid="users-table"] tbody tr').length === 1,
      );

      await row.getByTestId('edit-roles').click();
      const dialog = page.getByTestId('roles-dialog');
      await dialog.getByText('Developer', { exact: true }).click();
      await dialog.getByTestId('roles-save').click();
      await expectVisible(row.getByTestId('user-role-developer'), 'the developer tag on the user');
      await dialog.waitFor({ state: 'hidden' });
      await screenshot('admin-users');
      await logOut(page);
    },
  },
  {
    name: 'the promoted user now reaches the Studio',
    async run({ page, shared }) {
      await logIn(page, shared.email, shared.password);
      await page.getByTestId('nav-studio').click();
      await page.waitForURL('**/studio');
      await expectVisible(page.getByRole('heading', { name: 'Studio' }), 'the Studio page');
      assert((await page.getByTestId('nav-admin-users').count()) === 0, 'Admin should still be hidden');
    },
  },
  {
    name: 'admin disables the user and their open session ends at once',
    async run({ page, shared, admin, newPage }) {
      await logIn(page, shared.email, shared.password);

      const adminPage = await newPage();
      await logIn(adminPage, admin.email, admin.password);
      await adminPage.goto('/admin/users');
      await adminPage.getByTestId('users-search').fill(shared.email);
      await adminPage.waitForFunction(
        () => document.querySelectorAll('[data-testid="users-table"] tbody tr').length === 1,
      );
      const row = adminPage.getByTestId('users-table').locator('tbody tr').filter({ hasText: shared.email });
      await row.getByTestId('toggle-disabled').click();
      await adminPage.locator('.el-message-box').getByRole('button', { name: 'Disable' }).click();
      await expectVisible(row.getByText('Disabled', { exact: true }), 'the Disabled status');

      // The user's next action hits the API with a token that no longer works.
      await page.getByTestId('user-menu').click();
      await page.getByTestId('menu-api-keys').click();
      await page.waitForURL((url) => url.pathname === '/login');
      await expectVisible(page.getByText('Your session has ended'), 'the session-ended notice');
      await page.getByLabel('Email').fill(shared.email);
      await page.getByLabel('Password', { exact: true }).fill(shared.password);
      await page.getByTestId('login-submit').click();
      await expectVisible(page.getByTestId('form-error'), 'a refusal to log in while disabled');
    },
  },
];
