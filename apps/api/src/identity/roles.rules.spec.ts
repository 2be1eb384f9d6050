import { DomainError } from '../common/domain-error';
import { assertAllowedSelfUpdate, rolesForRegistration, sortRoles } from './roles.rules';

describe('roles rules', () => {
  it('orders and deduplicates roles', () => {
    expect(sortRoles(['admin', 'user', 'admin', 'developer'])).toEqual(['user', 'developer', 'admin']);
  });

  it('gives the developer role only on opt-in', () => {
    expect(rolesForRegistration(false)).toEqual(['user']);
    expect(rolesForRegistration(true)).toEqual(['user', 'developer']);
  });

  it('stops admins from removing their own admin role or disabling themselves', () => {
    const attempt = (change: Parameters<typeof assertAllowedSelfUpdate>[2]) => () =>
      assertAllowedSelfUpdate('me', 'me', change);
    for (const change of [{ roles: ['user' as const] }, { disabled: true }]) {
      expect(attempt(change)).toThrow(DomainError);
      try {
        attempt(change)();
      } catch (err) {
        expect(err).toMatchObject({ status: 422, code: 'cannot_modify_self' });
      }
    }
    expect(attempt({ roles: ['user', 'admin'], disabled: false })).not.toThrow();
    expect(() =>
      assertAllowedSelfUpdate('me', 'someone-else', { roles: ['user'], disabled: true }),
    ).not.toThrow();
  });
});
