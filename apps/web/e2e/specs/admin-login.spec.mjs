// Issue 17: an admin whose address has no top-level domain (`admin@localhost`, the address the
// embedded mode creates and prints) signs in through the login form.
import { assert, expectVisible } from '../lib/ui.mjs';

/** Types the address into the form the way a person does and signs in. */
async function signInThroughForm(page, email, password) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByTestId('login-submit').click();
  await expectVisible(page.getByTestId('user-menu'), `the account menu after signing in as ${email}`);
  assert((await page.getByText('Enter a valid email address').count()) === 0, `the form refused ${email}`);
  await expectVisible(page.getByTestId('nav-admin-users'), 'the Admin entry for an admin');
}

export const scenarios = [
  {
    name: 'an admin at admin@localhost signs in through the web form',
    async run({ page, admin, api, screenshot }) {
      let { email, password } = admin;
      if (email !== 'admin@localhost') {
        // The runner was pointed at another admin (E2E_ADMIN_EMAIL): make a local-domain admin.
        const suffix = Date.now().toString(36);
        email = `admin-${suffix}@localhost`;
        password = `Local-${suffix}-admin`;
        const adminToken = (await api('POST', '/auth/login', admin)).accessToken;
        const created = await api('POST', '/auth/register', { email, password, displayName: 'Local admin' });
        await api(
          'PATCH',
          `/admin/users/${created.user.id}`,
          { roles: ['user', 'developer', 'admin'] },
          adminToken,
        );
      }
      await signInThroughForm(page, email, password);
      await screenshot('admin-localhost-signed-in');
      await page.getByTestId('nav-admin-users').click();
      await page.waitForURL('**/admin/users');
      await expectVisible(page.getByTestId('users-search'), 'the admin users page');
    },
  },
];
