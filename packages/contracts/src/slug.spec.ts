import { slugify } from './slug';

describe('slugify', () => {
  it('keeps ASCII letters and digits joined by single dashes', () => {
    expect(slugify('Travel Planner!')).toBe('travel-planner');
    expect(slugify('  GPT -- 4 helper  ')).toBe('gpt-4-helper');
    expect(slugify('Café Crème')).toBe('cafe-creme');
  });
  it('falls back when nothing usable is left (e.g. a Chinese name)', () => {
    expect(slugify('智能客服助手')).toBe('agent');
    expect(slugify('x')).toBe('agent');
  });
  it('stays within the slug length limit without a trailing dash', () => {
    const slug = slugify(`${'a'.repeat(55)} b`);
    expect(slug.length).toBeLessThanOrEqual(56);
    expect(slug.endsWith('-')).toBe(false);
  });
});
