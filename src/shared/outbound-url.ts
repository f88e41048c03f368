/**
 * The one rule for URLs Passage itself calls on a user's behalf (webhooks today; any later outbound feature
 * must use it too, through outbound-request.ts). Issue 13, item 3: without it, any member could make the
 * server POST to 127.0.0.1, the cloud metadata address or the ministry's intranet and read the connection
 * errors back — a port scanner.
 *
 * The rule:
 * - `https:` only; `http:` too when the operator sets PASSAGE_OUTBOUND_HTTP=on. No user:password@ in URLs.
 * - Every address the host resolves to must be a public unicast address: loopback, private (RFC 1918),
 *   link-local (169.254/16, so also the metadata address 169.254.169.254), CGNAT (100.64/10), unspecified,
 *   broadcast, multicast, reserved and documentation ranges are refused, and so are the IPv6 equivalents
 *   (::1, fc00::/7, fe80::/10, ff00::/8, anything outside 2000::/3) and IPv6 forms that embed an IPv4 address
 *   (IPv4-mapped ::ffff:a.b.c.d is judged as the IPv4 address; NAT64, 6to4, Teredo are refused).
 *   Odd spellings (`0x7f000001`, `2130706433`, `127.1`, `017700000001`) are normalised by the WHATWG URL parser
 *   to dotted IPv4 before this check, so they are judged as what they are.
 * - PASSAGE_OUTBOUND_ALLOW lets an operator name internal receivers: comma-separated host names
 *   (`hooks.ministry.example`, or `*.ministry.example` for its subdomains) or IP addresses and CIDR ranges
 *   (`10.20.0.0/16`, `fd00::/8`). A listed host name may resolve to any address; a listed range admits
 *   those addresses for any host name.
 *
 * This file is pure (no I/O) apart from `resolveOutboundUrl`, which looks the host up for validation at
 * subscription time. The address actually connected is checked again at delivery time (outbound-request.ts),
 * so a DNS answer that changes between validation and delivery (rebinding) cannot get through.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

export interface OutboundPolicy {
  /** PASSAGE_OUTBOUND_HTTP=on: plain http:// URLs are allowed too. */
  isHttpAllowed: boolean;
  /** Exact host names (lower case, no trailing dot) from PASSAGE_OUTBOUND_ALLOW. */
  allowedHosts: readonly string[];
  /** From `*.example.org` entries: any subdomain of these (stored as `.example.org`). */
  allowedHostSuffixes: readonly string[];
  /** Address ranges from PASSAGE_OUTBOUND_ALLOW (a single address is a /32 or /128). */
  allowedRanges: readonly [ipaddr.IPv4 | ipaddr.IPv6, number][];
}

/** Why an outbound URL was refused. `message` is safe to show to the user who gave the URL. */
export class OutboundRefused extends Error {
  constructor(
    message: string,
    /** For the server log only: the detail (resolved address, range) that must not reach users. */
    readonly detail: string = message,
  ) {
    super(message);
    this.name = 'OutboundRefused';
  }
}

/** One sentence for every address refusal: it does not tell the caller what a name resolved to. */
export const NOT_PUBLIC_MESSAGE =
  'must resolve to a public internet address (internal addresses need the operator’s PASSAGE_OUTBOUND_ALLOW)';

const ON = ['1', 'on', 'true', 'yes'];

/** Reads PASSAGE_OUTBOUND_HTTP and PASSAGE_OUTBOUND_ALLOW; a malformed entry stops with a clear message. */
export function readOutboundPolicy(env: NodeJS.ProcessEnv = process.env): OutboundPolicy {
  const allowedHosts: string[] = [];
  const allowedHostSuffixes: string[] = [];
  const allowedRanges: [ipaddr.IPv4 | ipaddr.IPv6, number][] = [];
  for (const raw of (env.PASSAGE_OUTBOUND_ALLOW ?? '').split(',')) {
    const entry = raw.trim().toLowerCase().replace(/\.$/, '');
    if (!entry) continue;
    if (entry.includes('/')) {
      if (!ipaddr.isValidCIDR(entry))
        throw new Error(`PASSAGE_OUTBOUND_ALLOW: "${entry}" is not a valid CIDR range`);
      const [address, bits] = ipaddr.parseCIDR(entry);
      allowedRanges.push([unmap(address), isMappedCidr(address, bits) ? bits - 96 : bits]);
    } else if (isIP(entry.replace(/^\[|\]$/g, ''))) {
      const address = unmap(ipaddr.parse(entry.replace(/^\[|\]$/g, '')));
      allowedRanges.push([address, address.kind() === 'ipv4' ? 32 : 128]);
    } else if (entry.startsWith('*.') && isHostName(entry.slice(2))) {
      allowedHostSuffixes.push(entry.slice(1));
    } else if (isHostName(entry)) {
      allowedHosts.push(entry);
    } else {
      throw new Error(
        `PASSAGE_OUTBOUND_ALLOW: "${entry}" is neither a host name nor an IP address or CIDR range`,
      );
    }
  }
  return {
    isHttpAllowed: ON.includes(env.PASSAGE_OUTBOUND_HTTP ?? ''),
    allowedHosts,
    allowedHostSuffixes,
    allowedRanges,
  };
}

function isHostName(s: string): boolean {
  return /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/.test(s);
}

const isMappedCidr = (a: ipaddr.IPv4 | ipaddr.IPv6, bits: number) =>
  a instanceof ipaddr.IPv6 && a.isIPv4MappedAddress() && bits >= 96;

/** IPv4-mapped IPv6 (::ffff:a.b.c.d) is the IPv4 address it carries. */
function unmap(a: ipaddr.IPv4 | ipaddr.IPv6): ipaddr.IPv4 | ipaddr.IPv6 {
  return a instanceof ipaddr.IPv6 && a.isIPv4MappedAddress() ? a.toIPv4Address() : a;
}

/** Is the host name itself on the allow-list (then any address it resolves to is accepted)? */
export function isHostAllowListed(host: string, policy: OutboundPolicy): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return policy.allowedHosts.includes(h) || policy.allowedHostSuffixes.some((s) => h.endsWith(s));
}

const GLOBAL_UNICAST_V6 = ipaddr.IPv6.parse('2000::');

/**
 * The range name of an address that may not be called ('loopback', 'private', …), or null for a public
 * unicast address. Pure; the address is as DNS or a socket gives it (dotted IPv4 or IPv6, maybe mapped).
 */
export function forbiddenRange(address: string): string | null {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (!isIP(bare)) return 'not an IP address';
  const a = unmap(ipaddr.parse(bare));
  const range = a.range();
  if (range !== 'unicast') return range;
  // Global unicast IPv6 is 2000::/3; the rest (::/96 IPv4-compatible, 100::/64 discard, …) is not public.
  if (a instanceof ipaddr.IPv6 && !a.match(GLOBAL_UNICAST_V6, 3))
    return 'not global unicast (outside 2000::/3)';
  return null;
}

/** Whether the policy lets Passage connect to this address (public, or inside an allow-listed range). */
export function isAddressAllowed(address: string, policy: OutboundPolicy): boolean {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (!isIP(bare)) return false;
  const a = unmap(ipaddr.parse(bare));
  const isListed = policy.allowedRanges.some(([net, bits]) => net.kind() === a.kind() && a.match(net, bits));
  return isListed || forbiddenRange(bare) === null;
}

/** What checkOutboundUrl found: the parsed URL, the host as a socket wants it, and whether it is an IP. */
export interface OutboundTarget {
  url: URL;
  /** Host name or IP address without IPv6 brackets. */
  host: string;
  isIpLiteral: boolean;
  isHostAllowListed: boolean;
}

/**
 * The checks that need no DNS: scheme, credentials, and the address when the host is an IP literal (in any
 * spelling the URL parser accepts). Throws OutboundRefused with a message for the user.
 */
export function checkOutboundUrl(raw: string, policy: OutboundPolicy): OutboundTarget {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new OutboundRefused('is not a valid URL');
  }
  const schemes = policy.isHttpAllowed ? ['https:', 'http:'] : ['https:'];
  if (!schemes.includes(url.protocol))
    throw new OutboundRefused(
      policy.isHttpAllowed ? 'must be an https:// or http:// URL' : 'must be an https:// URL',
    );
  if (url.username || url.password)
    throw new OutboundRefused(
      'must not contain a user name or password (the signature authenticates Passage)',
    );
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const isIpLiteral = isIP(host) !== 0;
  const target = {
    url,
    host,
    isIpLiteral,
    isHostAllowListed: !isIpLiteral && isHostAllowListed(host, policy),
  };
  if (isIpLiteral && !isAddressAllowed(host, policy))
    throw new OutboundRefused(NOT_PUBLIC_MESSAGE, `${host} is ${forbiddenRange(host)}`);
  return target;
}

/** Refuses the list of addresses a host resolved to unless every one of them is allowed. */
export function checkResolvedAddresses(
  target: Pick<OutboundTarget, 'host' | 'isHostAllowListed'>,
  addresses: readonly string[],
  policy: OutboundPolicy,
): void {
  if (target.isHostAllowListed) return;
  const refused = addresses.find((a) => !isAddressAllowed(a, policy));
  if (addresses.length === 0 || refused !== undefined)
    throw new OutboundRefused(
      NOT_PUBLIC_MESSAGE,
      refused
        ? `${target.host} resolves to ${refused} (${forbiddenRange(refused)})`
        : `${target.host}: no address`,
    );
}

export type HostLookup = (host: string) => Promise<string[]>;

const systemLookup: HostLookup = async (host) =>
  (await dnsLookup(host, { all: true, verbatim: true })).map((r) => r.address);

/**
 * Validation at the time a user gives the URL (e.g. a webhook subscription): the static checks, then every
 * address the host resolves to now. A host that does not resolve is refused with the same sentence.
 */
export async function resolveOutboundUrl(
  raw: string,
  policy: OutboundPolicy,
  lookup: HostLookup = systemLookup,
): Promise<OutboundTarget> {
  const target = checkOutboundUrl(raw, policy);
  if (target.isIpLiteral || target.isHostAllowListed) return target;
  let addresses: string[];
  try {
    addresses = await lookup(target.host);
  } catch (e) {
    throw new OutboundRefused(NOT_PUBLIC_MESSAGE, `${target.host}: ${(e as Error).message}`);
  }
  checkResolvedAddresses(target, addresses, policy);
  return target;
}
