import { escapeLike, MAX_CJK_TERMS, planTextQuery } from './text-query.rules.js';

describe('planTextQuery', () => {
  it('ORs the lower-cased Latin words, once each', () => {
    expect(planTextQuery('How do I reset the Reset password?')).toEqual({
      tsquery: 'how | do | i | reset | the | password',
      substrings: [],
    });
  });

  it('matches Chinese by character pairs, a lone character as itself', () => {
    expect(planTextQuery('重置密码')).toEqual({ tsquery: null, substrings: ['重置', '置密', '密码'] });
    expect(planTextQuery('猫')).toEqual({ tsquery: null, substrings: ['猫'] });
  });

  it('splits a mixed query into both arms and bounds the substrings', () => {
    const plan = planTextQuery('VPN 设置 ' + '一二三四五六七八九十甲乙丙丁戊己庚辛壬癸');
    expect(plan.tsquery).toBe('vpn');
    expect(plan.substrings[0]).toBe('设置');
    expect(plan.substrings).toHaveLength(MAX_CJK_TERMS);
  });

  it('has no terms for punctuation only', () => {
    expect(planTextQuery('?!')).toEqual({ tsquery: null, substrings: [] });
  });
});

describe('escapeLike', () => {
  it('escapes %, _ and backslash', () => {
    expect(escapeLike('50%_a\\b')).toBe('50\\%\\_a\\\\b');
  });
});
