/** The outbound-URL rule on its own (no network): ranges, spellings, schemes, the allow-list. */
import { describe, expect, it } from 'vitest';
import {
  checkOutboundUrl,
  forbiddenRange,
  isAddressAllowed,
  NOT_PUBLIC_MESSAGE,
  OutboundRefused,
  readOutboundPolicy,
  resolveOutboundUrl,
} from '../outbound-url';

const strict = readOutboundPolicy({});
const withHttp = readOutboundPolicy({ PASSAGE_OUTBOUND_HTTP: 'on' });

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof OutboundRefused) return e.message;
    throw e;
  }
  return 'accepted';
}

describe('outbound URL rule', () => {
  it('refuses every non-public range, IPv4 and IPv6, including IPv4 hidden in IPv6', () => {
    const refused: Record<string, string> = {
      '127.0.0.1': 'loopback',
      '127.255.0.9': 'loopback',
      '10.1.2.3': 'private',
      '172.16.0.1': 'private',
      '192.168.1.1': 'private',
      '169.254.169.254': 'linkLocal',
      '100.64.0.1': 'carrierGradeNat',
      '0.0.0.0': 'unspecified',
      '224.0.0.1': 'multicast',
      '255.255.255.255': 'broadcast',
      '240.0.0.1': 'reserved',
      '::1': 'loopback',
      '::': 'unspecified',
      'fc00::1': 'uniqueLocal',
      'fd12:3456::1': 'uniqueLocal',
      'fe80::1': 'linkLocal',
      'ff02::1': 'multicast',
      '::ffff:127.0.0.1': 'loopback',
      '::ffff:10.0.0.1': 'private',
      '::ffff:169.254.169.254': 'linkLocal',
      '::7f00:1': 'not global unicast (outside 2000::/3)',
      '64:ff9b::a00:1': 'rfc6052',
      '100::1': 'discard',
      '2001:db8::1': 'reserved',
      '2002:7f00:1::1': '6to4',
      '2001::1': 'teredo',
    };
    for (const [address, range] of Object.entries(refused)) {
      expect(forbiddenRange(address), address).toBe(range);
      expect(isAddressAllowed(address, strict), address).toBe(false);
    }
    for (const address of ['8.8.8.8', '93.184.216.34', '2606:4700:4700::1111', '::ffff:8.8.8.8'])
      expect(forbiddenRange(address), address).toBeNull();
  });

  it('judges odd spellings of an address as the address they are', () => {
    for (const url of [
      'http://127.0.0.1:8080/hook',
      'http://[::1]:8080/hook',
      'http://0x7f000001:8080/hook',
      'http://2130706433:8080/hook',
      'http://127.1:8080/hook',
      'http://017700000001:8080/hook',
      'http://0x7f.1/hook',
      'http://[::ffff:127.0.0.1]/hook',
      'http://[0:0:0:0:0:0:0:1]/hook',
      'http://0/hook',
      'http://[::]/hook',
      'http://169.254.169.254/latest/meta-data/',
      'http://[fd00::1]/hook',
    ])
      expect(
        refusal(() => checkOutboundUrl(url, withHttp)),
        url,
      ).toBe(NOT_PUBLIC_MESSAGE);
    expect(refusal(() => checkOutboundUrl('http://8.8.8.8/hook', withHttp))).toBe('accepted');
  });

  it('https only by default; http only with PASSAGE_OUTBOUND_HTTP; no credentials in the URL', () => {
    expect(refusal(() => checkOutboundUrl('http://example.org/hook', strict))).toBe(
      'must be an https:// URL',
    );
    expect(refusal(() => checkOutboundUrl('https://example.org/hook', strict))).toBe('accepted');
    expect(refusal(() => checkOutboundUrl('http://example.org/hook', withHttp))).toBe('accepted');
    expect(refusal(() => checkOutboundUrl('ftp://example.org/x', withHttp))).toBe(
      'must be an https:// or http:// URL',
    );
    expect(refusal(() => checkOutboundUrl('https://u:p@example.org/hook', strict))).toMatch(/user name/);
    expect(refusal(() => checkOutboundUrl('not a url', strict))).toBe('is not a valid URL');
  });

  it('the allow-list admits named hosts, their subdomains and address ranges, nothing else', () => {
    const p = readOutboundPolicy({
      PASSAGE_OUTBOUND_HTTP: 'on',
      PASSAGE_OUTBOUND_ALLOW:
        ' hooks.ministry.example , *.intra.example, 10.20.0.0/16, 192.168.1.5, fd00::/8,',
    });
    expect(p.allowedHosts).toEqual(['hooks.ministry.example']);
    expect(isAddressAllowed('10.20.3.4', p)).toBe(true);
    expect(isAddressAllowed('::ffff:10.20.3.4', p)).toBe(true);
    expect(isAddressAllowed('10.21.0.1', p)).toBe(false);
    expect(isAddressAllowed('192.168.1.5', p)).toBe(true);
    expect(isAddressAllowed('192.168.1.6', p)).toBe(false);
    expect(isAddressAllowed('fd00::7', p)).toBe(true);
    expect(isAddressAllowed('127.0.0.1', p)).toBe(false);
    expect(checkOutboundUrl('http://HOOKS.ministry.example./x', p).isHostAllowListed).toBe(true);
    expect(checkOutboundUrl('http://a.b.intra.example/x', p).isHostAllowListed).toBe(true);
    expect(checkOutboundUrl('http://intra.example.evil.org/x', p).isHostAllowListed).toBe(false);
    expect(() => readOutboundPolicy({ PASSAGE_OUTBOUND_ALLOW: '10.0.0.0/99' })).toThrow(/not a valid CIDR/);
    expect(() => readOutboundPolicy({ PASSAGE_OUTBOUND_ALLOW: 'bad_host!' })).toThrow(/neither a host name/);
  });

  it('at subscription time every resolved address must be allowed; an unresolvable host is refused alike', async () => {
    const dns = (answers: Record<string, string[]>) => async (host: string) => {
      const a = answers[host];
      if (!a) throw new Error(`getaddrinfo ENOTFOUND ${host}`);
      return a;
    };
    const lookup = dns({
      'public.example': ['93.184.216.34'],
      'mixed.example': ['93.184.216.34', '10.0.0.8'],
    });
    await expect(resolveOutboundUrl('https://public.example/x', strict, lookup)).resolves.toMatchObject({
      host: 'public.example',
    });
    for (const host of ['mixed.example', 'nowhere.example'])
      await expect(resolveOutboundUrl(`https://${host}/x`, strict, lookup)).rejects.toThrow(
        NOT_PUBLIC_MESSAGE,
      );
    const named = readOutboundPolicy({ PASSAGE_OUTBOUND_ALLOW: 'mixed.example' });
    await expect(resolveOutboundUrl('https://mixed.example/x', named, lookup)).resolves.toMatchObject({
      isHostAllowListed: true,
    });
  });
});
