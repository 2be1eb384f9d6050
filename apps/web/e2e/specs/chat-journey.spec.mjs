/* global URL, document, window */
// Issue 6 (chat part): from the agent page into a conversation with the seeded customer-service
// agent on the offline demo model — a progressively streamed answer, Stop, Regenerate with branch
// switching, a human-approval step, the conversation list (search, rename, archive, delete) and
// axe on the chat page. The demo model is slowed down for each streaming scenario (and restored
// after it), so partial states are observed by waiting on attributes, never by racing a timer.
import { expectNoSeriousA11yViolations } from '../lib/a11y.mjs';
import {
  AGENT_EN,
  apiLogin,
  currentChatId,
  demoAnswer,
  flat,
  lastAssistant,
  messageText,
  sendMessage,
  storedAnswer,
  storedMessages,
  waitForAnswerStatus,
  waitForPartialAnswer,
  withSlowDemoModel,
} from '../lib/chat.mjs';
import { assert, expectVisible, logIn, uniqueEmail } from '../lib/ui.mjs';

const FIRST_QUESTION = 'What are your opening hours on weekdays?';
const STOPPED_QUESTION = 'Can I return a jacket without the receipt?';
// The demo classifier picks the first label found in the text: "escalate" routes to a human.
const ESCALATION = ['I want to escalate this: my parcel arrived broken.', 'Nobody answers my emails.'];
const EDITED_QUESTION = 'Can I return shoes within 30 days?';
const LATER_QUESTION = 'Do you ship to Norway?';
const REPHRASED_QUESTION = 'Can I return shoes within 60 days?';

const answers = (page) => page.getByTestId('message').and(page.locator('[data-role="assistant"]'));

export const scenarios = [
  {
    name: 'starts a chat from the agent page and sees the answer stream in',
    async run(ctx) {
      const { page, shared, api } = ctx;
      shared.email = uniqueEmail('chatter');
      shared.password = 'chat journey 2026';
      await api('POST', '/auth/register', {
        email: shared.email,
        password: shared.password,
        displayName: 'Chat Journey',
      });
      shared.token = await apiLogin(api, shared.email, shared.password);

      await logIn(page, shared.email, shared.password);
      await page.goto('/store');
      const card = page.getByTestId('store-results').locator('article').filter({ hasText: AGENT_EN });
      await card.getByTestId('agent-card-link').click();
      await expectVisible(page.getByTestId('agent-name').filter({ hasText: AGENT_EN }), 'the agent page');
      await page.getByTestId('install-toggle').click();
      await expectVisible(page.getByTestId('install-toggle').filter({ hasText: 'Uninstall' }), 'Uninstall');
      await page.getByTestId('start-chat').click();
      await page.waitForURL(/\/chats\?agent=[0-9a-f-]{36}$/);
      shared.agentId = new URL(page.url()).searchParams.get('agent');
      await expectVisible(
        page.getByTestId('chat-agent').filter({ hasText: AGENT_EN }),
        'the agent name above the chat',
      );

      await withSlowDemoModel(ctx, async () => {
        await sendMessage(page, FIRST_QUESTION);
        await expectVisible(
          page
            .getByTestId('message')
            .and(page.locator('[data-role="user"]'))
            .filter({ hasText: FIRST_QUESTION }),
          'my question in the conversation',
        );
        const partial = await waitForPartialAnswer(page);
        const final = await waitForAnswerStatus(page, 'completed');
        const expected = demoAnswer(FIRST_QUESTION);
        assert(
          final === expected,
          `the finished answer is the demo model's text:\n  ${final}\n≠ ${expected}`,
        );
        assert(
          partial.length < final.length && final.startsWith(partial),
          `a partial answer (the start of the final one) was shown before the end: "${partial}"`,
        );
      });
      await page.getByTestId('run-progress').waitFor({ state: 'detached' });

      // Answer details: the version that answered and its token counts.
      const info = lastAssistant(page).getByTestId('message-info');
      const label = (await info.getAttribute('aria-label')) ?? '';
      assert(
        /Agent version: \d+\.\d+\.\d+/.test(label) && /Tokens: \d+ in, \d+ out/.test(label),
        `answer details: "${label}"`,
      );

      shared.chatId = await currentChatId(page);
      shared.chatPath = `/chats/${shared.chatId}`;
      // The new conversation is titled after its first question, in the header and in the list.
      await expectVisible(
        page.getByTestId('chat-title').filter({ hasText: FIRST_QUESTION }),
        'the chat title',
      );
      await expectVisible(page.getByTestId('chat-agent').filter({ hasText: AGENT_EN }), 'the agent name');
      const item = page.locator(`[data-testid="chat-list-item"][data-chat-id="${shared.chatId}"]`);
      await expectVisible(item.filter({ hasText: FIRST_QUESTION }), 'the new conversation in the chat list');

      const stored = await storedMessages(api, shared.token, shared.chatId);
      assert(stored.length === 2, `two messages stored, got ${stored.length}`);
      const answer = await storedAnswer(api, shared.token, shared.chatId);
      assert(answer.status === 'completed', `the stored answer is completed, got ${answer.status}`);
      assert(
        flat(answer.content) === flat(demoAnswer(FIRST_QUESTION)),
        'the stored answer matches the screen',
      );
    },
  },
  {
    name: 'stops an answer mid-stream, keeps its partial text and can send again',
    async run(ctx) {
      const { page, shared, api } = ctx;
      await logIn(page, shared.email, shared.password);
      await page.goto(shared.chatPath);
      await expectVisible(answers(page).and(page.locator('[data-status="completed"]')), 'the earlier answer');

      await withSlowDemoModel(ctx, async () => {
        await sendMessage(page, STOPPED_QUESTION);
        await waitForPartialAnswer(page);
        await page.getByTestId('composer-stop').click();
        const kept = await waitForAnswerStatus(page, 'cancelled');
        shared.stoppedText = kept;
        const full = demoAnswer(STOPPED_QUESTION);
        assert(kept.length > 0, 'the stopped answer keeps its partial text');
        assert(
          kept.length < full.length && full.startsWith(kept),
          `the kept text is a prefix of the answer: "${kept}"`,
        );

        // What the API stored is what the screen shows, and the run is over.
        const stored = await storedAnswer(api, shared.token, shared.chatId);
        assert(stored.status === 'cancelled', `the stored answer is cancelled, got ${stored.status}`);
        assert(flat(stored.content) === kept, `stored "${flat(stored.content)}" ≠ shown "${kept}"`);
      });

      // The composer is usable again: Stop gone, Send enabled once there is text.
      await page.getByTestId('composer-stop').waitFor({ state: 'hidden' });
      const input = page.getByTestId('composer-input');
      assert(await input.isEditable(), 'the composer accepts text again');
      await input.fill('draft');
      assert(await page.getByTestId('composer-send').isEnabled(), 'Send is enabled again');
      await input.fill('');
    },
  },
  {
    name: 'regenerates the stopped answer and switches between the two branches',
    async run(ctx) {
      const { page, shared } = ctx;
      await logIn(page, shared.email, shared.password);
      await page.goto(shared.chatPath);
      const answer = lastAssistant(page);
      await expectVisible(answer.and(page.locator('[data-status="cancelled"]')), 'the stopped answer');

      // The demo model's own pace (15 ms a word): only the end matters here.
      await answer.getByTestId('message-regenerate').click();
      await waitForAnswerStatus(page, 'completed');
      const full = flat(demoAnswer(STOPPED_QUESTION));
      assert((await messageText(answer)) === full, 'the regenerated answer is complete');
      await expectVisible(answer.getByTestId('branch-indicator').filter({ hasText: '2/2' }), 'branch 2/2');

      await answer.getByTestId('branch-prev').click();
      await expectVisible(answer.getByTestId('branch-indicator').filter({ hasText: '1/2' }), 'branch 1/2');
      await expectVisible(
        answer.and(page.locator('[data-status="cancelled"]')),
        'the first (stopped) answer',
      );
      assert(
        (await messageText(answer)) === shared.stoppedText,
        `branch 1 shows the first answer's text: "${await messageText(answer)}"`,
      );

      await answer.getByTestId('branch-next').click();
      await expectVisible(
        answer.getByTestId('branch-indicator').filter({ hasText: '2/2' }),
        'branch 2/2 again',
      );
      await expectVisible(answer.and(page.locator('[data-status="completed"]')), 'the regenerated answer');
      assert((await messageText(answer)) === full, 'branch 2 shows the regenerated answer');
    },
  },
  {
    name: 'edits the last question and resends it as a new branch',
    async run({ page, shared, api }) {
      await logIn(page, shared.email, shared.password);
      await page.goto(shared.chatPath);
      const question = page.getByTestId('message').and(page.locator('[data-role="user"]')).last();
      await expectVisible(question.filter({ hasText: STOPPED_QUESTION }), 'the last question');

      await question.getByTestId('message-edit').click();
      await question.getByTestId('message-edit-input').fill(EDITED_QUESTION);
      await question.getByTestId('message-edit-save').click();
      await expectVisible(question.filter({ hasText: EDITED_QUESTION }), 'the edited question');
      // Until the new reply is on screen the branch may still end in an older, finished answer.
      await expectVisible(
        lastAssistant(page)
          .and(page.locator('[data-status="completed"]'))
          .filter({ hasText: EDITED_QUESTION }),
        'the answer to the edited question',
      );
      const answer = await messageText(lastAssistant(page));
      assert(answer === demoAnswer(EDITED_QUESTION), `the answer is to the edited question: "${answer}"`);
      await expectVisible(
        question.getByTestId('branch-indicator').filter({ hasText: '2/2' }),
        'question 2/2',
      );

      // The earlier question is still there, with its own (regenerated) answer.
      await question.getByTestId('branch-prev').click();
      await expectVisible(question.filter({ hasText: STOPPED_QUESTION }), 'the earlier question');
      await expectVisible(
        question.getByTestId('branch-indicator').filter({ hasText: '1/2' }),
        'question 1/2',
      );
      const earlier = await messageText(lastAssistant(page));
      assert(
        earlier.length > 0 && demoAnswer(STOPPED_QUESTION).startsWith(earlier),
        `the earlier question shows its own answer: "${earlier}"`,
      );
      await question.getByTestId('branch-next').click();
      await expectVisible(question.filter({ hasText: EDITED_QUESTION }), 'the edited question again');

      const stored = await storedMessages(api, shared.token, shared.chatId);
      const questions = stored.filter((m) => m.role === 'user').map((m) => m.content);
      assert(
        questions.includes(STOPPED_QUESTION) && questions.includes(EDITED_QUESTION),
        `both questions are kept: ${JSON.stringify(questions)}`,
      );
    },
  },
  {
    name: 'edits an earlier question (not the last) into a new branch from the answer before it',
    async run({ page, shared, api }) {
      await logIn(page, shared.email, shared.password);
      await page.goto(shared.chatPath);
      const questions = page.getByTestId('message').and(page.locator('[data-role="user"]'));
      await expectVisible(questions.last().filter({ hasText: EDITED_QUESTION }), 'the edited question');
      await sendMessage(page, LATER_QUESTION);
      await expectVisible(
        lastAssistant(page)
          .and(page.locator('[data-status="completed"]'))
          .filter({ hasText: LATER_QUESTION }),
        'the answer to a later question',
      );

      // The question before the last one: edit it, and the branch continues from the answer before it.
      // (By position: while it is edited its text is in the edit box, not in the message.)
      const earlier = questions.nth(1);
      await expectVisible(earlier.filter({ hasText: EDITED_QUESTION }), 'the question before the last');
      await earlier.getByTestId('message-edit').click();
      await earlier.getByTestId('message-edit-input').fill(REPHRASED_QUESTION);
      await earlier.getByTestId('message-edit-save').click();
      const rephrased = questions.filter({ hasText: REPHRASED_QUESTION });
      await expectVisible(
        lastAssistant(page)
          .and(page.locator('[data-status="completed"]'))
          .filter({ hasText: REPHRASED_QUESTION }),
        'the answer to the rephrased question',
      );
      assert(
        (await messageText(lastAssistant(page))) === demoAnswer(REPHRASED_QUESTION),
        'the last answer is to the rephrased question',
      );
      const shown = (await questions.allInnerTexts()).map(flat);
      assert(
        shown.length === 2 &&
          shown[0].includes(FIRST_QUESTION) &&
          !shown.some((q) => q.includes(LATER_QUESTION)),
        `the new branch keeps the first question and drops the later one: ${JSON.stringify(shown)}`,
      );
      // Its siblings: the stopped question, the earlier edit, and this one.
      await expectVisible(
        rephrased.getByTestId('branch-indicator').filter({ hasText: '3/3' }),
        'question 3/3',
      );

      // Back to the previous version: the later question and its answer come back with it.
      await rephrased.getByTestId('branch-prev').click();
      await expectVisible(questions.filter({ hasText: LATER_QUESTION }), 'the later question again');
      await expectVisible(
        questions
          .filter({ hasText: EDITED_QUESTION })
          .getByTestId('branch-indicator')
          .filter({ hasText: '2/3' }),
        'question 2/3',
      );

      const stored = await storedMessages(api, shared.token, shared.chatId);
      const byId = new Map(stored.map((m) => [m.id, m]));
      const storedRephrased = stored.find((m) => m.role === 'user' && m.content === REPHRASED_QUESTION);
      const storedEdited = stored.find((m) => m.role === 'user' && m.content === EDITED_QUESTION);
      assert(
        storedRephrased && storedRephrased.parentMessageId === storedEdited?.parentMessageId,
        'the rephrased question is stored as a sibling of the one it replaces',
      );
      assert(
        byId.get(storedRephrased.parentMessageId)?.role === 'assistant',
        'the new branch starts from the answer before the edited question',
      );
    },
  },
  {
    name: 'completes a human-approval step of the customer-service agent',
    async run(ctx) {
      const { page, shared, api } = ctx;
      await logIn(page, shared.email, shared.password);
      await page.goto(`/chats?agent=${shared.agentId}`);
      await expectVisible(
        page.getByTestId('chat-agent').filter({ hasText: AGENT_EN }),
        'a new chat with the agent',
      );

      // Typed the way people do: Shift+Enter starts a second line, Enter sends.
      const input = page.getByTestId('composer-input');
      await input.click();
      await page.keyboard.type(ESCALATION[0]);
      await page.keyboard.press('Shift+Enter');
      await page.keyboard.type(ESCALATION[1]);
      await page.keyboard.press('Enter');
      const question = page.getByTestId('message').and(page.locator('[data-role="user"]')).last();
      await expectVisible(question.filter({ hasText: ESCALATION[1] }), 'the two-line question sent');
      assert(
        (await question.getByTestId('message-content').innerText()).trim() === ESCALATION.join('\n'),
        'Shift+Enter kept the line break',
      );

      await waitForAnswerStatus(page, 'paused');
      await expectVisible(
        page.getByTestId('human-input-prompt').filter({ hasText: 'Shall I escalate?' }),
        'the approval question',
      );
      shared.approvalChatId = await currentChatId(page);
      await expectNoSeriousA11yViolations(page, 'the chat page waiting for a reply');

      // The question offers Yes/No buttons; a typed reply naming neither is refused, and the
      // run stays paused.
      const choices = page.getByTestId('human-input-choice');
      await expectVisible(choices.first(), 'the answer buttons');
      assert(
        JSON.stringify(await choices.allInnerTexts()) === JSON.stringify(['Yes', 'No']),
        `Yes/No buttons: ${JSON.stringify(await choices.allInnerTexts())}`,
      );
      await input.fill('maybe later');
      await input.press('Enter');
      await expectVisible(
        page.locator('.el-message--error').filter({ hasText: 'Reply with one of the answers offered' }),
        'the refusal of a reply that is not a choice',
      );
      await waitForAnswerStatus(page, 'paused');
      await expectVisible(page.getByTestId('human-input-prompt'), 'the question still asked');

      // Clicking "Yes" answers it.
      await choices.filter({ hasText: 'Yes' }).click();
      const final = await waitForAnswerStatus(page, 'completed');
      await page.getByTestId('human-input-choice').first().waitFor({ state: 'hidden' });
      assert(final.includes('passed to'), `the run resumed and handed off: "${final}"`);
      await page.getByTestId('human-input-prompt').waitFor({ state: 'hidden' });

      const stored = (await storedMessages(api, shared.token, shared.approvalChatId)).filter(
        (m) => m.role === 'assistant',
      );
      assert(stored.length === 1 && stored[0].status === 'completed', 'one completed answer stored');
      assert(stored[0].content.includes('passed to'), 'the hand-off text is stored');
    },
  },
  {
    name: 'the chat page with a finished answer passes axe (light and dark) and fits a phone screen',
    async run({ page, shared, screenshot }) {
      await logIn(page, shared.email, shared.password);
      await page.goto(shared.chatPath);
      await expectVisible(answers(page).and(page.locator('[data-status="completed"]')), 'a finished answer');
      await expectVisible(page.getByTestId('chat-list-item'), 'the chat list');
      await expectNoSeriousA11yViolations(page, `${shared.chatPath} (light)`);
      await screenshot('chat');

      // Dark mode, checked after a reload (it is remembered) so no colour is caught mid-transition.
      await page.getByTestId('theme-toggle').click();
      await page.reload();
      await expectVisible(
        answers(page).and(page.locator('[data-status="completed"]')),
        'the answer in dark mode',
      );
      await expectNoSeriousA11yViolations(page, `${shared.chatPath} (dark)`);

      // On a phone the list becomes a drawer and nothing scrolls sideways.
      await page.setViewportSize({ width: 375, height: 740 });
      await expectVisible(
        answers(page).and(page.locator('[data-status="completed"]')),
        'the answer on a phone',
      );
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert(overflow <= 0, `the chat page scrolls sideways on a phone by ${overflow}px`);
      await expectNoSeriousA11yViolations(page, `${shared.chatPath} (phone, dark)`);
    },
  },
  {
    name: 'searches, renames, archives and deletes conversations in the list',
    async run({ page, shared, api }) {
      await logIn(page, shared.email, shared.password);
      await page.goto(shared.chatPath);
      const list = page.getByTestId('chat-list');
      const items = list.getByTestId('chat-list-item');
      await expectVisible(items, 'the chat list');
      const chatItem = (id) => list.locator(`[data-testid="chat-list-item"][data-chat-id="${id}"]`);
      // Each row has its own (teleported, lazily rendered) menu: use the one that is open.
      const menuItem = (testId) => page.locator(`[data-testid="${testId}"]:visible`);

      // Rename the first conversation (also shown in the header).
      const title = 'Opening hours 营业时间';
      await chatItem(shared.chatId).getByTestId('chat-item-actions').click();
      await menuItem('chat-rename').click();
      const box = page.locator('.el-message-box');
      await box.locator('input').fill(title);
      await box.locator('.el-button--primary').click();
      await expectVisible(chatItem(shared.chatId).filter({ hasText: title }), 'the renamed chat in the list');
      await expectVisible(
        page.getByTestId('chat-title').filter({ hasText: title }),
        'the new title above the chat',
      );

      // Search finds it (a Chinese query), and only it.
      await page.getByTestId('chat-search').fill('营业');
      await expectVisible(chatItem(shared.chatId), 'the search hit');
      await chatItem(shared.approvalChatId).waitFor({ state: 'detached' });
      assert((await items.count()) === 1, `one search hit, got ${await items.count()}`);
      await page.getByTestId('chat-search').fill('');
      await expectVisible(chatItem(shared.approvalChatId), 'every chat again after clearing the search');

      // Archive the approval chat: it leaves the list, the API keeps it as archived.
      await chatItem(shared.approvalChatId).getByTestId('chat-item-actions').click();
      await menuItem('chat-archive').click();
      await chatItem(shared.approvalChatId).waitFor({ state: 'detached' });
      const archived = await api('GET', '/chats?archived=true', undefined, shared.token);
      assert(
        archived.items.some((c) => c.id === shared.approvalChatId),
        'the archived chat is listed as archived by the API',
      );

      // Delete the renamed chat: cancelling the confirmation keeps it, confirming deletes it.
      const confirmBox = page.locator('.el-message-box');
      await chatItem(shared.chatId).getByTestId('chat-item-actions').click();
      await menuItem('chat-delete').click();
      await confirmBox.locator('.el-button:not(.el-button--danger)').click();
      await confirmBox.waitFor({ state: 'hidden' });
      await expectVisible(chatItem(shared.chatId), 'the chat kept after cancelling');
      await chatItem(shared.chatId).getByTestId('chat-item-actions').click();
      await menuItem('chat-delete').click();
      await confirmBox.locator('.el-button--danger').click();
      await chatItem(shared.chatId).waitFor({ state: 'detached' });
      const left = await api('GET', '/chats', undefined, shared.token);
      assert(!left.items.some((c) => c.id === shared.chatId), 'the deleted chat is gone from the API');
    },
  },
];
