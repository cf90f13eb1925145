import { BlockList, isIP } from 'node:net';

/**
 * Addresses a webhook must not reach unless local webhooks are allowed: "this" network,
 * loopback, private (RFC 1918, unique local), carrier-grade NAT, link-local, benchmarking,
 * IETF protocol assignments, documentation, multicast, reserved and broadcast. IPv4-mapped IPv6
 * addresses (`::ffff:127.0.0.1`) are checked as the IPv4 address they carry; NAT64 and 6to4
 * addresses as the IPv4 address they embed.
 */
const NOT_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['::', 96], // IPv4-compatible (deprecated), including ::127.0.0.1
  ['100::', 64], // discard-only
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv6');
}

/** `4` or `6` for an IP address literal (IPv6 with or without brackets), `null` for anything else. */
export function ipVersionOf(host: string): 4 | 6 | null {
  const version = isIP(unbracketed(host));
  return version === 4 || version === 6 ? version : null;
}

/**
 * Whether an IP address literal is a public unicast address a webhook may be delivered to.
 * Anything that is not an IP address literal is not public (resolve host names first).
 */
export function isPublicAddress(address: string): boolean {
  const literal = unbracketed(address);
  const version = isIP(literal);
  if (version === 4) return !NOT_PUBLIC.check(literal, 'ipv4');
  if (version !== 6) return false;
  const embedded = embeddedIPv4(literal);
  if (embedded !== null) return isPublicAddress(embedded);
  // BlockList also matches an IPv6 rule against the IPv4 address an IPv4-mapped address carries.
  return !NOT_PUBLIC.check(literal, 'ipv6');
}

/**
 * Whether a URL's host names this machine or a non-public network by itself, before any DNS:
 * an address literal that is not public, `localhost` or a name under `.localhost`.
 * GitLab refuses such a webhook URL when it is saved; deliveries check the resolved address again.
 */
export function isLocalHost(host: string): boolean {
  const name = unbracketed(host).toLowerCase().replace(/\.$/, '');
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  return ipVersionOf(name) !== null && !isPublicAddress(name);
}

/**
 * What a per-address rate limit counts a client as: an IPv4 address as itself (an IPv4-mapped IPv6
 * address as the IPv4 address it carries), an IPv6 address as its /64 (one host commonly holds a
 * whole /64, so counting single addresses would be no limit), anything else as given.
 */
export function rateLimitSubject(address: string): string {
  const literal = unbracketed(address);
  if (isIP(literal) !== 6) return literal;
  const embedded = embeddedIPv4(literal);
  if (embedded !== null && expandIPv6(literal)![5] === 0xffff) return embedded;
  const groups = expandIPv6(literal)!;
  return `${groups.slice(0, 4).map((group) => group.toString(16)).join(':')}::/64`;
}

function unbracketed(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** The IPv4 address inside an IPv4-mapped, NAT64 (64:ff9b::/96) or 6to4 (2002::/16) address. */
function embeddedIPv4(ipv6: string): string | null {
  const groups = expandIPv6(ipv6);
  if (groups === null) return null;
  const isZero = (from: number, to: number) => groups.slice(from, to).every((group) => group === 0);
  if (isZero(0, 5) && groups[5] === 0xffff) return dotted(groups[6]!, groups[7]!);
  if (groups[0] === 0x64 && groups[1] === 0xff9b && isZero(2, 6)) return dotted(groups[6]!, groups[7]!);
  if (groups[0] === 0x2002) return dotted(groups[1]!, groups[2]!);
  return null;
}

function dotted(high: number, low: number): string {
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}

/** The eight 16-bit groups of a valid IPv6 literal (zone ids dropped, a dotted IPv4 tail folded). */
function expandIPv6(address: string): number[] | null {
  let text = address.split('%')[0]!.toLowerCase();
  const dottedTail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dottedTail) {
    const octets = dottedTail[1]!.split('.').map(Number);
    text = `${text.slice(0, -dottedTail[1]!.length)}${((octets[0]! << 8) | octets[1]!).toString(16)}:${((octets[2]! << 8) | octets[3]!).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((group) => parseInt(group, 16)));
  const first = parse(head);
  if (tail === undefined) return first.length === 8 ? first : null;
  const last = parse(tail);
  return [...first, ...new Array<number>(8 - first.length - last.length).fill(0), ...last];
}
