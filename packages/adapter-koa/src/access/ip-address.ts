import ipaddr from 'ipaddr.js';

/** A parsed IP address; IPv4-mapped IPv6 addresses are already turned into IPv4. */
export type IpAddress = ipaddr.IPv4 | ipaddr.IPv6;

/** A network: an address and a prefix length. */
export type IpNetwork = readonly [IpAddress, number];

/**
 * Parses an address strictly: dotted-quad IPv4 (not `0x7f.1` or `2130706433`, which
 * ipaddr.js would also accept) or IPv6, with an IPv4-mapped IPv6 address (`::ffff:10.0.0.1`,
 * as Node reports IPv4 peers on a dual-stack socket) reduced to its IPv4 address.
 */
export function parseIpAddress(text: string): IpAddress | undefined {
  const trimmed = text.trim();
  if (ipaddr.IPv4.isValidFourPartDecimal(trimmed)) return ipaddr.IPv4.parse(trimmed);
  if (!ipaddr.IPv6.isValid(trimmed)) return undefined;
  const address = ipaddr.IPv6.parse(trimmed);
  return address.isIPv4MappedAddress() ? address.toIPv4Address() : address;
}

/**
 * Parses a network (`10.0.0.0/8`, `fd00::/8`) or a bare address (a single host). An
 * IPv4-mapped IPv6 network (`::ffff:10.0.0.0/104`) becomes the IPv4 network it denotes, so
 * it matches the IPv4 peers that {@link parseIpAddress} produces. Throws on anything else:
 * networks come from validated configuration.
 */
export function parseIpNetwork(text: string): IpNetwork {
  const trimmed = text.trim();
  if (!trimmed.includes('/')) {
    const address = parseIpAddress(trimmed);
    if (address === undefined) throw new Error(`"${text}" is not an IP address or network`);
    return [address, address.kind() === 'ipv4' ? 32 : 128];
  }
  const [addressText = '', lengthText = ''] = trimmed.split('/');
  const address = parseIpAddress(addressText);
  const length = /^\d{1,3}$/.test(lengthText) ? Number(lengthText) : Number.NaN;
  if (address === undefined || !ipaddr.isValidCIDR(trimmed)) throw new Error(`"${text}" is not an IP network`);
  if (address.kind() === 'ipv4' && addressText.includes(':')) {
    if (length < 96) throw new Error(`"${text}" mixes IPv4-mapped addresses with other IPv6 addresses`);
    return [address, length - 96];
  }
  return [address, length];
}

/** Whether `address` lies in any of `networks` (addresses never match networks of the other family). */
export function isInNetworks(address: IpAddress, networks: readonly IpNetwork[]): boolean {
  return networks.some(([network, length]) => network.kind() === address.kind() && address.match(network, length));
}
