import * as v from 'valibot';
import type { ConfigResult } from './config-result.js';

const ipv4 = v.pipe(v.string(), v.ipv4());
const ipv6 = v.pipe(v.string(), v.ipv6());

/** The networks allowed by default: loopback only. */
export const LOOPBACK_NETWORKS: readonly string[] = ['127.0.0.0/8', '::1/128'];

/**
 * Parses a comma-separated list of networks (`192.168.0.0/16, 10.1.2.3, fd00::/8`) into
 * CIDR strings; a bare address becomes a single-host network. Reports every bad entry.
 */
export function parseNetworkList(text: string, name: string): ConfigResult<readonly string[]> {
  const entries = text.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
  const problems: string[] = [];
  const networks: string[] = [];
  for (const entry of entries) {
    const network = toCidr(entry);
    if (network === undefined) problems.push(`${name}: "${entry}" is not an IPv4 or IPv6 address or network (like 192.168.0.0/16)`);
    else networks.push(network);
  }
  if (problems.length === 0 && networks.length === 0) problems.push(`${name} is empty; list at least one network`);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: networks };
}

function toCidr(entry: string): string | undefined {
  const [address = '', length, ...extra] = entry.split('/');
  if (extra.length > 0) return undefined;
  const bits = v.is(ipv4, address) ? 32 : v.is(ipv6, address) ? 128 : undefined;
  if (bits === undefined) return undefined;
  if (length === undefined) return `${address}/${bits}`;
  if (!/^\d{1,3}$/.test(length) || Number(length) > bits) return undefined;
  return `${address}/${Number(length)}`;
}
