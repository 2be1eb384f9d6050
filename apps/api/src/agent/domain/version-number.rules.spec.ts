import { assertNextVersion, highestVersion } from './version-number.rules';

describe('assertNextVersion', () => {
  it('accepts the first version and any greater one', () => {
    expect(assertNextVersion('1.0.0', [])).toBe('1.0.0');
    expect(assertNextVersion('1.0.1', ['1.0.0'])).toBe('1.0.1');
    expect(assertNextVersion('2.0.0-beta.1', ['1.9.9', '1.0.0'])).toBe('2.0.0-beta.1');
  });

  it('refuses malformed versions with invalid_version on body.version', () => {
    for (const bad of ['1', '1.0', 'v1.0.0', 'latest', '01.0.0', ' 1.0.0x']) {
      expect(() => assertNextVersion(bad, [])).toThrow(
        expect.objectContaining({
          status: 400,
          code: 'invalid_version',
          details: [expect.objectContaining({ path: 'body.version' })],
        }),
      );
    }
  });

  it('refuses equal or smaller versions with version_not_greater', () => {
    for (const v of ['1.0.0', '0.9.0', '1.0.0-rc.1']) {
      expect(() => assertNextVersion(v, ['1.0.0'])).toThrow(
        expect.objectContaining({ status: 409, code: 'version_not_greater' }),
      );
    }
  });

  it('compares by semver, not as text', () => {
    expect(highestVersion(['1.9.0', '1.10.0', '1.2.0'])).toBe('1.10.0');
    expect(() => assertNextVersion('1.9.1', ['1.10.0'])).toThrow(expect.objectContaining({ status: 409 }));
  });
});
