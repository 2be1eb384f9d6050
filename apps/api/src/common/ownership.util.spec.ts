import { assertOwned } from './ownership.util';

describe('assertOwned', () => {
  const alice = { id: 'alice', roles: ['user'] };
  const admin = { id: 'root', roles: ['user', 'admin'] };

  it('passes for the owner and answers 404 (not 403) for anyone else', () => {
    expect(() => assertOwned({ ownerId: 'alice' }, alice)).not.toThrow();
    expect(() => assertOwned({ ownerId: 'bob' }, alice, { what: 'Agent' })).toThrow(
      expect.objectContaining({ status: 404, message: 'Agent not found' }),
    );
    expect(() => assertOwned(null, alice)).toThrow(expect.objectContaining({ status: 404 }));
  });

  it('supports another owner column and an admin bypass when asked', () => {
    expect(() => assertOwned({ userId: 'alice' }, alice, { ownerKey: 'userId' })).not.toThrow();
    expect(() => assertOwned({ ownerId: 'bob' }, admin)).toThrow(expect.objectContaining({ status: 404 }));
    expect(() => assertOwned({ ownerId: 'bob' }, admin, { allowAdmin: true })).not.toThrow();
  });
});
