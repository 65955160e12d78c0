/**
 * IP addresses and lists of them, for the two settings that name networks: the proxies whose
 * X-Forwarded-For the API believes (BANLI_TRUST_PROXY) and the internal hosts webhooks may reach
 * (BANLI_WEBHOOK_ALLOW_HOSTS).
 */
import ipaddr from 'ipaddr.js';

type Ip = ipaddr.IPv4 | ipaddr.IPv6;

/** The address as ipaddr.js reads it, an IPv4-mapped IPv6 address (::ffff:127.0.0.1) as IPv4; undefined if it is none. */
export function parseIp(text: string): Ip | undefined {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  if (!ipaddr.isValid(bare)) return undefined;
  // ipaddr.js also reads "1", "0x7f.1" and the like as IPv4; only the usual four-part form is an address here.
  if (ipaddr.IPv4.isValid(bare) && !ipaddr.IPv4.isValidFourPartDecimal(bare)) return undefined;
  return ipaddr.process(bare);
}

/**
 * What kind of network an address is on: `public` for an ordinary internet address, otherwise
 * the reason it is not (loopback, private, link-local, unique-local, carrier-grade NAT,
 * multicast, unspecified, reserved, …).
 */
export function networkOf(address: Ip): string {
  if (address.kind() === 'ipv4') {
    const v4 = address as ipaddr.IPv4;
    // 198.18.0.0/15 (benchmarking) and 192.0.0.0/24 (IETF protocol assignments) are not on the internet either.
    if (v4.match(ipaddr.IPv4.parse('198.18.0.0'), 15)) return 'reserved';
    const range = v4.range();
    return range === 'unicast' ? 'public' : range;
  }
  const v6 = address as ipaddr.IPv6;
  // fec0::/10: the deprecated site-local range, still private where it is used.
  if (v6.match(ipaddr.IPv6.parse('fec0::'), 10)) return 'siteLocal';
  const range = v6.range();
  return range === 'unicast' ? 'public' : range;
}

/** Named ranges a list may use, as Express's `trust proxy` does. */
const NAMED: Record<string, string[]> = {
  loopback: ['127.0.0.1/8', '::1/128'],
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
  uniquelocal: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
};

/** A list of addresses and networks (CIDR), with the names above, and — where allowed — host names. */
export class AddressList {
  private constructor(
    private readonly ranges: [Ip, number][],
    readonly hosts: ReadonlySet<string>,
  ) {}

  static readonly EMPTY = new AddressList([], new Set());

  /**
   * Reads a comma-separated list (`10.0.0.0/8, 127.0.0.1, loopback, hooks.internal`). Throws
   * naming the first entry that is none of these; host names only if `hostNames`.
   */
  static parse(text: string, options: { hostNames?: boolean } = {}): AddressList {
    const ranges: [Ip, number][] = [];
    const hosts = new Set<string>();
    for (const raw of text.split(',')) {
      const entry = raw.trim().toLowerCase();
      if (entry === '') continue;
      if (NAMED[entry]) {
        for (const cidr of NAMED[entry]) ranges.push(cidrOf(cidr)!);
        continue;
      }
      const cidr = cidrOf(entry);
      if (cidr) ranges.push(cidr);
      else if (options.hostNames && isHostName(entry)) hosts.add(entry.replace(/\.$/, ''));
      else throw new Error(`"${entry}" is not an IP address, a network (CIDR)${options.hostNames ? ', a host name' : ''} or one of ${Object.keys(NAMED).join(', ')}`);
    }
    return new AddressList(ranges, hosts);
  }

  get isEmpty(): boolean {
    return this.ranges.length === 0 && this.hosts.size === 0;
  }

  /** Whether the address is in one of the listed networks. */
  includesAddress(address: string | Ip): boolean {
    const ip = typeof address === 'string' ? parseIp(address) : address;
    if (!ip) return false;
    return this.ranges.some(([network, bits]) => {
      if (network.kind() === ip.kind()) return (ip as ipaddr.IPv4).match(network as ipaddr.IPv4, bits);
      return false;
    });
  }

  /** Whether the host name is listed (exactly, case aside). */
  includesHost(host: string): boolean {
    return this.hosts.has(host.toLowerCase().replace(/\.$/, ''));
  }
}

function cidrOf(entry: string): [Ip, number] | undefined {
  const [address, bits] = entry.split('/');
  const ip = parseIp(address);
  if (!ip) return undefined;
  const max = ip.kind() === 'ipv4' ? 32 : 128;
  if (bits === undefined) return [ip, max];
  if (!/^\d{1,3}$/.test(bits) || Number(bits) > max) return undefined;
  return [ip, Number(bits)];
}

/** An RFC 1123 host name: labels of letters, digits and hyphens. */
function isHostName(text: string): boolean {
  return text.length <= 253 && /^(?=.{1,253}\.?$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\.?$/.test(text);
}
