// Small page helpers shared by specs: the app's own flows, expressed the way a user performs them.

/** Unique per run, so specs never collide with each other or with a reused database. */
export function uniqueEmail(tag) {
  return `${tag}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}@e2e.test`;
}

export async function expectVisible(locator, what) {
  try {
    await locator.first().waitFor({ state: 'visible' });
  } catch {
    throw new Error(`expected to see ${what}`);
  }
}

export function assert(condition, message) {
  if (!condition) throw new Error(message);
}

/** `origin` logs in on another origin than the app's (e.g. a proxy in front of the API). */
export async function logIn(page, email, password, origin) {
  await page.goto(origin ? `${origin}/login` : '/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByTestId('login-submit').click();
  await expectVisible(page.getByTestId('user-menu'), 'the account menu after logging in');
}

export async function logOut(page) {
  await page.getByTestId('user-menu').click();
  await page.getByTestId('menu-logout').click();
  await page.waitForURL('**/login');
}
