import { lookup } from 'node:dns';
import { assertUrlAllowed, createGuardedLookup, isPrivateAddress, SsrfBlockedError } from './ssrf.util';

async function blockedReason(
  url: string,
  opts?: Parameters<typeof assertUrlAllowed>[1],
): Promise<string | undefined> {
  try {
    await assertUrlAllowed(url, opts);
    return undefined;
  } catch (err) {
    if (err instanceof SsrfBlockedError) {
      expect(err.code).toBe('ssrf_blocked');
      return err.reason;
    }
    throw err;
  }
}

describe('isPrivateAddress', () => {
  it.each([
    '127.0.0.1',
    '127.255.0.9',
    '10.0.0.1',
    '10.255.255.255',
    '172.16.0.1',
    '172.31.255.254',
    '192.168.1.1',
    '169.254.169.254',
    '169.254.0.1',
    '0.0.0.0',
    '100.64.0.1',
    '100.127.255.255',
    '224.0.0.1',
    '255.255.255.255',
    '::',
    '::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:169.254.169.254',
    '::ffff:10.0.0.1',
    '64:ff9b::a9fe:a9fe', // NAT64 of 169.254.169.254
    '2002:7f00:1::', // 6to4 of 127.0.0.1
    'fc00::1',
    'fd12:3456::1',
    'fe80::1',
    'fe80::1%eth0',
    'ff02::1',
    'not-an-ip',
  ])('blocks %s', (ip) => {
    expect(isPrivateAddress(ip)).toBe(true);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '93.184.216.34',
    '172.32.0.1',
    '100.128.0.1',
    '2606:4700:4700::1111',
    '::ffff:8.8.8.8',
    '2002:808:808::',
  ])('allows public %s', (ip) => {
    expect(isPrivateAddress(ip)).toBe(false);
  });
});

describe('assertUrlAllowed', () => {
  it.each([
    'http://127.0.0.1/',
    'http://127.0.0.1:8080/admin',
    'http://10.1.2.3/',
    'http://172.16.5.4/',
    'http://192.168.0.10/',
    'http://169.254.169.254/latest/meta-data/',
    'http://0.0.0.0:3000/',
    'http://[::1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://[fc00::1]/',
    'http://[fe80::1]/',
    'http://2130706433/', // decimal form of 127.0.0.1, normalised by the URL parser
    'http://0x7f.1/',
    'https://100.64.0.1/',
  ])('refuses %s', async (url) => {
    expect(await blockedReason(url)).toBe('private_address');
  });

  it('refuses a DNS name that resolves to loopback (localhost)', async () => {
    const err = await assertUrlAllowed('http://localhost:1234/x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SsrfBlockedError);
    expect((err as SsrfBlockedError).host).toBe('localhost');
    expect(isPrivateAddress((err as SsrfBlockedError).address ?? '')).toBe(true);
  });

  it.each([
    'file:///etc/passwd',
    'ftp://example.com/',
    'gopher://127.0.0.1:25/',
    'data:text/plain,hi',
    'javascript:alert(1)',
  ])('refuses the non-http scheme of %s', async (url) => {
    expect(await blockedReason(url)).toBe('scheme');
  });

  it('refuses a string that is not a URL', async () => {
    expect(await blockedReason('not a url')).toBe('invalid_url');
  });

  it('allows public IP literals without DNS', async () => {
    await expect(assertUrlAllowed('https://93.184.216.34/')).resolves.toBeUndefined();
    await expect(assertUrlAllowed(new URL('http://[2606:4700:4700::1111]/'))).resolves.toBeUndefined();
  });

  it('allows everything with allowPrivateNetwork', async () => {
    for (const url of [
      'http://127.0.0.1/',
      'http://localhost/',
      'http://[::1]/',
      'http://169.254.169.254/',
    ]) {
      await expect(assertUrlAllowed(url, { allowPrivateNetwork: true })).resolves.toBeUndefined();
    }
    // The scheme rule still holds.
    expect(await blockedReason('file:///etc/passwd', { allowPrivateNetwork: true })).toBe('scheme');
  });

  it('allows hosts, wildcard domains, addresses and ranges listed in allowedHosts, and nothing else', async () => {
    const opts = { allowedHosts: ['LOCALHOST', '*.internal.test', '10.1.0.0/16', '::1'] };
    await expect(assertUrlAllowed('http://localhost:11434/', opts)).resolves.toBeUndefined();
    await expect(assertUrlAllowed('http://10.1.200.3/', opts)).resolves.toBeUndefined();
    await expect(assertUrlAllowed('http://[::1]:8000/', opts)).resolves.toBeUndefined();
    expect(await blockedReason('http://10.2.0.1/', opts)).toBe('private_address');
    expect(await blockedReason('http://127.0.0.1/', opts)).toBe('private_address');
  });

  it('passes DNS failures through instead of calling them SSRF', async () => {
    await expect(assertUrlAllowed('http://does-not-exist.invalid/')).rejects.toMatchObject({
      code: expect.stringMatching(/ENOTFOUND|EAI_AGAIN/),
    });
  });
});

describe('createGuardedLookup', () => {
  const run = (fn: ReturnType<typeof createGuardedLookup>, host: string, all: boolean): Promise<unknown> =>
    new Promise((resolve, reject) => {
      (fn as unknown as (h: string, o: object, cb: (e: Error | null, a: unknown) => void) => void)(
        host,
        { all },
        (e, a) => (e ? reject(e) : resolve(a)),
      );
    });

  it('refuses names resolving to loopback in both lookup styles', async () => {
    const guarded = createGuardedLookup();
    await expect(run(guarded, 'localhost', false)).rejects.toBeInstanceOf(SsrfBlockedError);
    await expect(run(guarded, 'localhost', true)).rejects.toMatchObject({ code: 'ssrf_blocked' });
  });

  it('returns the same answers as dns.lookup when allowed', async () => {
    const expected = await new Promise((r) =>
      lookup('localhost', { all: true, verbatim: true }, (_e, a) => r(a)),
    );
    await expect(
      run(createGuardedLookup({ allowedHosts: ['localhost'] }), 'localhost', true),
    ).resolves.toEqual(expected);
    await expect(
      run(createGuardedLookup({ allowPrivateNetwork: true }), 'localhost', false),
    ).resolves.toEqual((expected as Array<{ address: string }>)[0].address);
  });
});
