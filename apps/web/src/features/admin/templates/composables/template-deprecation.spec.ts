import { describe, expect, it } from 'vitest';
import { createI18n } from 'vue-i18n';
import { en } from '@/i18n/locales/en';
import { zhCN } from '@/i18n/locales/zh-CN';
import { destructiveMessage } from '@/shared/confirm-destructive';
import { deprecateTemplateAction } from './template-deprecation';

const translator = (locale: 'en' | 'zh-CN') =>
  createI18n({ legacy: false, locale, messages: { en, 'zh-CN': zhCN } }).global.t as never;

describe('deprecating a template asks what it affects', () => {
  it('names the template, says new agents lose it and built agents keep working, and that it can be undone', () => {
    const t = translator('en');
    expect(destructiveMessage(deprecateTemplateAction('Support bot', t), t)).toBe(
      [
        'Deprecate the template Support bot?',
        'This affects:',
        '• Developers no longer see it when creating agents (publish it again to bring it back)',
        '• Agents already built from it keep working unchanged',
      ].join('\n'),
    );
  });

  it('says the same in Chinese', () => {
    const t = translator('zh-CN');
    expect(destructiveMessage(deprecateTemplateAction('客服机器人', t), t)).toBe(
      [
        '确定弃用模板 客服机器人？',
        '这将影响：',
        '• 开发者创建智能体时将看不到它（重新发布即可恢复）',
        '• 基于它构建的智能体仍可正常使用，不受影响',
      ].join('\n'),
    );
  });
});
