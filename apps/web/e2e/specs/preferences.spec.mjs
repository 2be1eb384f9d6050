/* global document */
// Issue 2: language switch (EN / 简体中文) and dark mode, both remembered across visits.
import { assert, expectVisible } from '../lib/ui.mjs';

export const scenarios = [
  {
    name: 'switches to Chinese and dark mode, and remembers both after a reload',
    async run({ page, screenshot }) {
      await page.goto('/store');
      await expectVisible(
        page.getByTestId('nav-store').filter({ hasText: 'Store' }),
        'the English navigation (browser language en-US)',
      );

      await page.getByTestId('locale-select').click();
      await page.getByRole('option', { name: '简体中文' }).click();
      await expectVisible(
        page.getByTestId('nav-store').filter({ hasText: '商店' }),
        'the navigation in Chinese',
      );
      assert((await page.getAttribute('html', 'lang')) === 'zh-CN', 'html lang should follow the language');

      await page.getByTestId('theme-toggle').click();
      assert(
        await page.evaluate(() => document.documentElement.classList.contains('dark')),
        'dark mode should be on',
      );

      await page.reload();
      await expectVisible(page.getByRole('link', { name: '登录' }), 'the Chinese login link after reload');
      assert(
        await page.evaluate(() => document.documentElement.classList.contains('dark')),
        'dark mode should be remembered',
      );
      await screenshot('store-zh-dark');
    },
  },
];
