import { BlockList, isIP } from 'node:net';

/** The most entries a token's address allowlist may hold. */
export const MAX_ALLOWED_IPS = 32;

/** IPv6 text in its canonical form (lower case, the longest run of zeros compressed), as WHATWG URLs print it. */
function canonicalIpv6(address: string): string {
  return new URL(`http://[${address}]/`).hostname.slice(1, -1);
}

/**
 * One allowlist entry as it is stored: an IPv4 or IPv6 address or CIDR range in canonical text
 * (`10.0.0.0/8`, `2001:db8::/32`); a bare address stays bare. Null when it is neither (a host
 * name, a prefix out of range, an IPv4 address with leading zeros or fewer than four parts).
 */
export function normalizeAllowedIp(entry: string): string | null {
  const [address = '', prefix, ...rest] = entry.trim().split('/');
  if (rest.length > 0) return null;
  const version = isIP(address);
  if (version === 0) return null;
  if (version === 4 && address.split('.').some((part) => part.length > 1 && part.startsWith('0'))) return null;
  const canonical = version === 6 ? canonicalIpv6(address) : address;
  if (prefix === undefined) return canonical;
  if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > (version === 4 ? 32 : 128)) return null;
  return `${canonical}/${Number(prefix)}`;
}

const lists = new WeakMap<readonly string[], BlockList>();

function blockListOf(entries: readonly string[]): BlockList {
  let list = lists.get(entries);
  if (!list) {
    list = new BlockList();
    for (const entry of entries) {
      const [address = '', prefix] = entry.split('/');
      const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
      if (prefix === undefined) list.addAddress(address, type);
      else list.addSubnet(address, Number(prefix), type);
    }
    lists.set(entries, list);
  }
  return list;
}

/**
 * May a token restricted to `entries` (normalized, see normalizeAllowedIp) be used from `ip`?
 * Null entries: unrestricted. An unknown client address is refused by any list. An IPv4-mapped
 * IPv6 address (`::ffff:127.0.0.2`, as a dual-stack socket reports IPv4 clients) matches the IPv4
 * entries, and the other way round.
 */
export function ipAllowed(entries: readonly string[] | null, ip: string | null): boolean {
  if (entries === null) return true;
  if (ip === null) return false;
  const version = isIP(ip);
  if (version === 0) return false;
  return blockListOf(entries).check(ip, version === 6 ? 'ipv6' : 'ipv4');
}
