import { describe, expect, it } from 'vitest';
import { localizedName, localizedTag } from './agent-text.util';

describe('localised agent texts', () => {
  it('uses the Chinese name for a Chinese UI when there is one', () => {
    const agent = { name: 'Customer service', nameZh: '客服助手' };
    expect(localizedName(agent, 'zh-CN')).toBe('客服助手');
    expect(localizedName(agent, 'en')).toBe('Customer service');
    expect(localizedName({ name: 'Helper', nameZh: null }, 'zh-CN')).toBe('Helper');
    expect(localizedName({ name: 'Helper', nameZh: '' }, 'zh-CN')).toBe('Helper');
  });

  it('labels known tags in Chinese and shows other tags as typed', () => {
    expect(localizedTag('support', 'zh-CN')).toBe('客服');
    expect(localizedTag('Human-in-the-loop', 'zh-CN')).toBe('人工介入');
    expect(localizedTag('support', 'en')).toBe('support');
    expect(localizedTag('my-own-tag', 'zh-CN')).toBe('my-own-tag');
    // Not inherited object keys.
    expect(localizedTag('constructor', 'zh-CN')).toBe('constructor');
  });
});
