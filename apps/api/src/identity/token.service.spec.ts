import { randomBytes } from 'node:crypto';
import { AppConfig } from '../config/app-config';
import { parseSettings } from '../config/config.schema';
import { TokenService } from './token.service';

function service(env: Record<string, string> = {}): TokenService {
  const masterKey = randomBytes(32);
  const settings = parseSettings({ JWT_ACCESS_TTL: '60s', ...env });
  return new TokenService(
    new AppConfig(settings, { databaseUrl: 'postgres://unused/db', masterKey, embedded: true }),
  );
}

describe('TokenService', () => {
  afterEach(() => jest.useRealTimers());

  it('round-trips the user and session ids', () => {
    const tokens = service();
    const token = tokens.signAccessToken({ sub: 'user-1', sid: 'family-1' });
    expect(tokens.verifyAccessToken(token)).toEqual({ sub: 'user-1', sid: 'family-1' });
    expect(tokens.accessTtlSec).toBe(60);
  });

  it('reports an expired token as token_expired, so clients know to refresh', () => {
    jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
    const tokens = service();
    const token = tokens.signAccessToken({ sub: 'user-1' });
    jest.setSystemTime(new Date('2026-01-01T00:01:01Z'));
    expect(() => tokens.verifyAccessToken(token)).toThrow(
      expect.objectContaining({ status: 401, code: 'token_expired' }),
    );
  });

  it('rejects tokens signed with another key or tampered with', () => {
    const mine = service();
    const theirs = service();
    expect(() => mine.verifyAccessToken(theirs.signAccessToken({ sub: 'user-1' }))).toThrow(
      expect.objectContaining({ code: 'invalid_token' }),
    );
    const [header, , signature] = mine.signAccessToken({ sub: 'user-1' }).split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ sub: 'admin', typ: 'access' })).toString('base64url');
    expect(() => mine.verifyAccessToken(`${header}.${forgedPayload}.${signature}`)).toThrow(
      expect.objectContaining({ code: 'invalid_token' }),
    );
  });

  it('uses JWT_SECRET instead of the master-key derivation when set', () => {
    const secret = 'x'.repeat(40);
    const a = service({ JWT_SECRET: secret });
    const b = service({ JWT_SECRET: secret });
    // Different master keys, same explicit secret: tokens are interchangeable.
    expect(b.verifyAccessToken(a.signAccessToken({ sub: 'user-1' })).sub).toBe('user-1');
  });
});
