/* global document, window, MutationObserver */
// Chat helpers for the browser specs: a slower demo model (so partial answers can be observed
// without racing the stream), waiting on a streaming answer, and reading what the API stored.
import { assert, uniqueEmail } from './ui.mjs';

export const AGENT_EN = 'Customer service assistant';
const DEMO_CONFIG_NAME = 'Demo model (offline)';
const LABEL = '[Offline demo model]';

/**
 * The offline demo model's deterministic answer to a plain question (engine `DemoModel`): the
 * expected text of a finished answer, word for word.
 */
export function demoAnswer(question) {
  return (
    `${LABEL} You asked: "${question.replace(/\s+/g, ' ').trim()}". I am AgentHub's built-in offline demo model, so I cannot really answer yet. ` +
    'To get real answers, add an OpenAI-compatible provider (base URL, API key, model; see "Providers" in the README) ' +
    'and make it the default LLM service, or select it for this node in the Studio.'
  );
}

/** Whitespace-insensitive text, since markdown rendering may fold or add line breaks. */
export const flat = (text) => (text ?? '').replace(/\s+/g, ' ').trim();

export async function apiLogin(api, email, password) {
  const { accessToken } = await api('POST', '/auth/login', { email, password });
  return accessToken;
}

/** Registers a user, makes them a developer (as the admin) and logs them in over the API. */
export async function registerDeveloper(api, admin, { tag, password, displayName }) {
  const email = uniqueEmail(tag);
  const registered = await api('POST', '/auth/register', { email, password, displayName });
  const adminToken = await apiLogin(api, admin.email, admin.password);
  await api('PATCH', `/admin/users/${registered.user.id}`, { roles: ['user', 'developer'] }, adminToken);
  return { email, password, token: await apiLogin(api, email, password) };
}

/**
 * Runs `fn` with the platform demo model pausing `tokenDelayMs` between words (an answer then
 * streams for a few seconds), and puts the previous setting back afterwards, also on failure.
 */
export async function withSlowDemoModel({ api, admin }, fn, tokenDelayMs = 70) {
  const token = await apiLogin(api, admin.email, admin.password);
  const page = await api(
    'GET',
    `/service-configs?q=${encodeURIComponent(DEMO_CONFIG_NAME)}&pageSize=100`,
    undefined,
    token,
  );
  const config = page.items.find((c) => c.name === DEMO_CONFIG_NAME);
  assert(config, `the seeded service config "${DEMO_CONFIG_NAME}" exists`);
  const before = config.configData;
  await api('PATCH', `/service-configs/${config.id}`, { configData: { ...before, tokenDelayMs } }, token);
  try {
    return await fn();
  } finally {
    await api('PATCH', `/service-configs/${config.id}`, { configData: before }, token);
  }
}

export const lastAssistant = (page) =>
  page.getByTestId('message').and(page.locator('[data-role="assistant"]')).last();

export const messageText = async (message) =>
  flat(
    await message
      .getByTestId('message-content')
      .innerText()
      .catch(() => ''),
  );

/**
 * Waits for the newest answer to be caught mid-stream: `data-status="streaming"` with some text
 * and the run progress line shown, all read in one go inside the page so the three agree.
 * Returns the partial text.
 */
export async function waitForPartialAnswer(page) {
  const handle = await page.waitForFunction(() => {
    const answers = document.querySelectorAll('[data-testid="message"][data-role="assistant"]');
    const last = answers[answers.length - 1];
    if (!last || last.getAttribute('data-status') !== 'streaming') return null;
    const text = last.querySelector('[data-testid="message-content"]')?.textContent?.trim() ?? '';
    const progress = document.querySelector('[data-testid="run-progress"]');
    const progressShown = !!progress && progress.getClientRects().length > 0;
    return text.length > 0 && progressShown ? text : null;
  });
  return flat(await handle.jsonValue());
}

/** Waits until the newest answer has `data-status` = `status` and returns its text. */
export async function waitForAnswerStatus(page, status) {
  await page
    .locator(`[data-testid="message"][data-role="assistant"]`)
    .last()
    .and(page.locator(`[data-status="${status}"]`))
    .waitFor({ state: 'visible', timeout: 30_000 });
  return messageText(lastAssistant(page));
}

/** The chat id of the conversation on screen (`/chats/:id`). */
export async function currentChatId(page) {
  await page.waitForURL(/\/chats\/[0-9a-f-]{36}(\?.*)?$/);
  return /\/chats\/([0-9a-f-]{36})/.exec(page.url())[1];
}

/** Messages as the API stored them, oldest first. */
export async function storedMessages(api, token, chatId) {
  const { items } = await api('GET', `/chats/${chatId}/messages`, undefined, token);
  return [...items].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/**
 * The newest answer the API stored. Filtered by role: a question and its reply are created in
 * one transaction and may share a timestamp.
 */
export async function storedAnswer(api, token, chatId) {
  return (await storedMessages(api, token, chatId)).filter((m) => m.role === 'assistant').at(-1);
}

export async function sendMessage(page, text) {
  await page.getByTestId('composer-input').fill(text);
  await page.getByTestId('composer-send').click();
}

/**
 * Records every value an attribute of the elements with a test id takes, from now on, in the
 * page (a MutationObserver sees states too short-lived for polling). Read with `seenValues`.
 */
export async function recordAttribute(page, testId, attribute) {
  await page.evaluate(
    ([testId, attribute]) => {
      const key = `${testId}:${attribute}`;
      window.__e2eSeen ??= {};
      const seen = (window.__e2eSeen[key] = []);
      const read = () => {
        for (const el of document.querySelectorAll(`[data-testid="${testId}"]`)) {
          const value = el.getAttribute(attribute);
          if (value !== null && seen[seen.length - 1] !== value) seen.push(value);
        }
      };
      read();
      new MutationObserver(read).observe(document.body, {
        subtree: true,
        childList: true,
        attributes: true,
        attributeFilter: [attribute],
      });
    },
    [testId, attribute],
  );
}

export function seenValues(page, testId, attribute) {
  return page.evaluate((key) => window.__e2eSeen?.[key] ?? [], `${testId}:${attribute}`);
}
