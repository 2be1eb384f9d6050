import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

export interface SsrfOptions {
  /** Allow every address (loopback, private, link-local…): for self-hosted setups that call their own network. */
  allowPrivateNetwork?: boolean;
  /**
   * Exceptions to the guard. An entry is a host name (`ollama.internal`, case-insensitive), a
   * wildcard suffix (`*.corp.example`), an IP address or a CIDR range (`10.1.0.0/16`, `fd00::/8`).
   * Host entries match the URL's host name; address entries match the resolved addresses.
   */
  allowedHosts?: string[];
}

export type SsrfBlockReason = 'scheme' | 'invalid_url' | 'private_address';

export class SsrfBlockedError extends Error {
  readonly code = 'ssrf_blocked' as const;
  constructor(
    message: string,
    readonly reason: SsrfBlockReason,
    readonly host?: string,
    readonly address?: string,
  ) {
    super(message);
    this.name = 'SsrfBlockedError';
  }
}

/** Ranges no user-supplied URL may reach: loopback, private, link-local (cloud metadata), CGNAT, multicast, reserved. */
const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this network", includes the unspecified 0.0.0.0
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, includes the metadata service 169.254.169.254
  ['172.16.0.0', 12],
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // TEST-NET-1
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // TEST-NET-2
  ['203.0.113.0', 24], // TEST-NET-3
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, includes broadcast 255.255.255.255
] as const) {
  blocked.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['::', 96], // deprecated IPv4-compatible addresses
  ['100::', 64], // discard-only
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // deprecated site-local
  ['ff00::', 8], // multicast
] as const) {
  blocked.addSubnet(net, prefix, 'ipv6');
}

/** Expands an IPv6 address to its 8 16-bit groups (handles `::` and a trailing dotted IPv4). */
function ipv6Groups(ip: string): number[] | undefined {
  let addr = ip.toLowerCase();
  const pct = addr.indexOf('%');
  if (pct !== -1) addr = addr.slice(0, pct);
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(addr);
  if (dotted) {
    const o = dotted[1].split('.').map(Number);
    addr = `${addr.slice(0, -dotted[1].length)}${((o[0] << 8) | o[1]).toString(16)}:${((o[2] << 8) | o[3]).toString(16)}`;
  }
  const [head, tail] = addr.split('::');
  const h = head ? head.split(':') : [];
  const t = tail !== undefined ? (tail ? tail.split(':') : []) : [];
  const missing = 8 - h.length - t.length;
  if (tail === undefined ? h.length !== 8 : missing < 1) return undefined;
  const groups = [...h, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...t].map((g) =>
    parseInt(g, 16),
  );
  return groups.some((g) => Number.isNaN(g)) ? undefined : groups;
}

function v4FromGroups(hi: number, lo: number): string {
  return `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
}

/**
 * The IPv4 address embedded in an IPv6 address by a translation scheme that a host could use to
 * reach an internal IPv4 target: IPv4-mapped (::ffff:a.b.c.d), NAT64 (64:ff9b::/96) and 6to4
 * (2002::/16).
 */
function embeddedIpv4(ip: string): string | undefined {
  const g = ipv6Groups(ip);
  if (!g) return undefined;
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) return v4FromGroups(g[6], g[7]);
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0))
    return v4FromGroups(g[6], g[7]);
  if (g[0] === 0x2002) return v4FromGroups(g[1], g[2]);
  return undefined;
}

/** True when `ip` is an address a user-supplied URL must not reach (loopback, private, link-local, metadata, multicast…). */
export function isPrivateAddress(ip: string): boolean {
  const family = isIP(ip);
  if (family === 4) return blocked.check(ip, 'ipv4');
  if (family === 6) {
    const bare = ip.split('%')[0];
    if (blocked.check(bare, 'ipv6')) return true;
    const v4 = embeddedIpv4(bare);
    return v4 !== undefined && blocked.check(v4, 'ipv4');
  }
  // Not an IP at all: refuse rather than guess.
  return true;
}

interface CompiledAllowList {
  hosts: Set<string>;
  suffixes: string[];
  addresses: BlockList;
  hasAddresses: boolean;
}

const allowListCache = new WeakMap<string[], CompiledAllowList>();

function compileAllowList(entries: string[] = []): CompiledAllowList {
  const cached = allowListCache.get(entries);
  if (cached) return cached;
  const out: CompiledAllowList = {
    hosts: new Set(),
    suffixes: [],
    addresses: new BlockList(),
    hasAddresses: false,
  };
  for (const raw of entries) {
    const entry = raw
      .trim()
      .toLowerCase()
      .replace(/^\[|\]$/g, '');
    if (!entry) continue;
    const slash = entry.indexOf('/');
    const base = slash === -1 ? entry : entry.slice(0, slash);
    const family = isIP(base);
    if (family) {
      const type = family === 4 ? 'ipv4' : 'ipv6';
      const prefix = slash === -1 ? (family === 4 ? 32 : 128) : Number(entry.slice(slash + 1));
      if (Number.isInteger(prefix)) {
        out.addresses.addSubnet(base, prefix, type);
        out.hasAddresses = true;
      }
    } else if (entry.startsWith('*.')) {
      out.suffixes.push(entry.slice(1));
    } else {
      out.hosts.add(entry);
    }
  }
  allowListCache.set(entries, out);
  return out;
}

function normaliseHost(host: string): string {
  return host
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
}

/** True when the host name itself is on the allow-list (then any address it resolves to is accepted). */
export function isHostAllowed(host: string, opts: SsrfOptions = {}): boolean {
  if (opts.allowPrivateNetwork) return true;
  const list = compileAllowList(opts.allowedHosts);
  const h = normaliseHost(host);
  if (list.hosts.has(h)) return true;
  if (list.suffixes.some((s) => h.endsWith(s))) return true;
  return isIP(h) !== 0 && isAddressAllowed(h, opts);
}

/** True when a resolved address may be connected to under these options. */
export function isAddressAllowed(ip: string, opts: SsrfOptions = {}): boolean {
  if (opts.allowPrivateNetwork) return true;
  const list = compileAllowList(opts.allowedHosts);
  if (list.hasAddresses) {
    const family = isIP(ip);
    if (family && list.addresses.check(ip.split('%')[0], family === 4 ? 'ipv4' : 'ipv6')) return true;
  }
  return !isPrivateAddress(ip);
}

/**
 * Checks what can be checked without DNS: the scheme, and the address when the host is an IP
 * literal (Node connects to literals without calling `lookup`, so they must be checked here).
 * Returns the parsed URL.
 */
export function assertUrlShapeAllowed(url: string | URL, opts: SsrfOptions = {}): URL {
  let parsed: URL;
  try {
    parsed = typeof url === 'string' ? new URL(url) : url;
  } catch {
    throw new SsrfBlockedError(`Invalid URL: ${String(url)}`, 'invalid_url');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new SsrfBlockedError(
      `URL scheme ${parsed.protocol} is not allowed; use http or https`,
      'scheme',
      parsed.hostname,
    );
  }
  const host = normaliseHost(parsed.hostname);
  if (!host) throw new SsrfBlockedError('URL has no host', 'invalid_url');
  if (isIP(host) && !isHostAllowed(host, opts)) {
    throw new SsrfBlockedError(
      `Address ${host} is private, loopback or link-local and may not be called`,
      'private_address',
      host,
      host,
    );
  }
  return parsed;
}

function lookupAll(host: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) => {
    dnsLookup(host, { all: true, verbatim: true }, (err, addresses) =>
      err ? reject(err) : resolve(addresses),
    );
  });
}

/**
 * Refuses a URL whose scheme is not http(s) or whose host is, or resolves to, a non-public
 * address. Every resolved address must be public, since a connection may use any of them.
 * DNS failures are passed through unchanged (Node errors with codes such as ENOTFOUND).
 * For a request, prefer `guardedFetch` / `createGuardedLookup`, which also check the address that
 * is actually connected to (a second resolution could answer differently: DNS rebinding).
 */
export async function assertUrlAllowed(url: string | URL, opts: SsrfOptions = {}): Promise<void> {
  const parsed = assertUrlShapeAllowed(url, opts);
  const host = normaliseHost(parsed.hostname);
  if (isIP(host) || isHostAllowed(host, opts)) return;
  const addresses = await lookupAll(host);
  for (const a of addresses) {
    if (!isAddressAllowed(a.address, opts)) {
      throw new SsrfBlockedError(
        `Host ${host} resolves to ${a.address}, a private, loopback or link-local address`,
        'private_address',
        host,
        a.address,
      );
    }
  }
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * A `lookup` for `net`/`http`/`https` that resolves the name and refuses the connection when any
 * resolved address is not allowed. Because the socket connects to exactly the address returned
 * here, the checked address is the connected one (no DNS-rebinding window).
 */
export function createGuardedLookup(opts: SsrfOptions = {}): LookupFunction {
  const guarded = (
    hostname: string,
    options: { all?: boolean; family?: number | string } | number,
    callback: LookupCallback,
  ): void => {
    const o = typeof options === 'number' ? { family: options } : (options ?? {});
    const hostAllowed = isHostAllowed(hostname, opts);
    const family =
      o.family === 'IPv4' ? 4 : o.family === 'IPv6' ? 6 : typeof o.family === 'number' ? o.family : 0;
    dnsLookup(hostname, { all: true, verbatim: true, family }, (err, addresses) => {
      if (err) {
        callback(err, o.all ? [] : '', undefined);
        return;
      }
      if (!hostAllowed) {
        const bad = addresses.find((a) => !isAddressAllowed(a.address, opts));
        if (bad) {
          callback(
            new SsrfBlockedError(
              `Host ${hostname} resolves to ${bad.address}, a private, loopback or link-local address`,
              'private_address',
              hostname,
              bad.address,
            ),
            o.all ? [] : '',
            undefined,
          );
          return;
        }
      }
      if (addresses.length === 0) {
        const e: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
        e.code = 'ENOTFOUND';
        callback(e, o.all ? [] : '', undefined);
        return;
      }
      if (o.all) callback(null, addresses);
      else callback(null, addresses[0].address, addresses[0].family);
    });
  };
  return guarded as unknown as LookupFunction;
}
