import { emailSchema, isEmailAddress, loginRequestSchema, registerRequestSchema } from './identity';

describe('the e-mail rule', () => {
  it.each([
    'admin@localhost',
    'ada@example.com',
    'first.last+tag@mail.example.co.uk',
    "o'brien@intranet",
    'ops@host-1.internal',
    'user@例子.中国',
  ])('accepts %s', (email) => {
    expect(isEmailAddress(email)).toBe(true);
    expect(emailSchema.safeParse(email).success).toBe(true);
  });

  it.each([
    ['no at sign', 'admin'],
    ['empty local part', '@localhost'],
    ['empty domain', 'admin@'],
    ['two at signs in the domain', 'a@b@c'],
    ['whitespace inside', 'ad min@localhost'],
    ['leading dot', '.ada@example.com'],
    ['trailing dot in the local part', 'ada.@example.com'],
    ['double dot', 'a..b@example.com'],
    ['empty domain label', 'ada@example..com'],
    ['trailing dot in the domain', 'ada@example.com.'],
    ['hyphen at a label edge', 'ada@-example.com'],
    ['underscore in the domain', 'ada@exa_mple.com'],
    ['NUL character', 'ada\u0000@example.com'],
    ['lone surrogate', 'ada\ud800@example.com'],
    ['angle brackets', '<ada@example.com>'],
    ['local part over 64 characters', `${'a'.repeat(65)}@example.com`],
    ['address over 254 characters', `ada@${Array.from({ length: 5 }, () => 'a'.repeat(60)).join('.')}.com`],
  ])('rejects junk: %s', (_why, email) => {
    expect(isEmailAddress(email)).toBe(false);
    const parsed = emailSchema.safeParse(email);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.message)).toEqual(['Enter a valid email address']);
  });

  it('trims and lowercases before checking', () => {
    expect(emailSchema.parse('  Admin@LocalHost ')).toBe('admin@localhost');
  });

  it('says an empty address is required, once', () => {
    const parsed = emailSchema.safeParse('   ');
    expect(parsed.error?.issues.map((i) => i.message)).toEqual(['Email is required']);
  });

  it('is the rule of both login and registration', () => {
    expect(loginRequestSchema.safeParse({ email: 'admin@localhost', password: 'x' }).success).toBe(true);
    expect(loginRequestSchema.safeParse({ email: 'not an email', password: 'x' }).success).toBe(false);
    const register = { email: 'dev@localhost', password: 'long enough', displayName: 'Dev' };
    expect(registerRequestSchema.parse(register).email).toBe('dev@localhost');
    const bad = registerRequestSchema.safeParse({ ...register, email: 'dev@' });
    expect(bad.error?.issues[0]?.path).toEqual(['email']);
  });
});
