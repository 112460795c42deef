import type { ConfigResult } from '@dtool-notify/domain';
import { parseIpNetwork } from './ip-address.js';

/** The networks allowed by default: loopback only. */
export const LOOPBACK_NETWORKS: readonly string[] = ['127.0.0.0/8', '::1/128'];

/**
 * Parses a comma-separated list of networks (`192.168.0.0/16, 10.1.2.3, fd00::/8`) for the
 * configuration, with the very parser the access policy uses, so a list accepted here never
 * fails when the policy is built. A bare address becomes a single-host network. Reports every
 * bad entry.
 */
export function parseNetworkList(text: string, name: string): ConfigResult<readonly string[]> {
  const entries = text.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
  const problems: string[] = [];
  const networks: string[] = [];
  for (const entry of entries) {
    try {
      parseIpNetwork(entry);
      networks.push(entry.includes('/') ? entry : `${entry}/${entry.includes(':') ? 128 : 32}`);
    } catch (error) {
      const why = error instanceof Error && error.message.includes('IPv4-mapped') ? error.message : `"${entry}" is not an IPv4 or IPv6 address or network (like 192.168.0.0/16)`;
      problems.push(`${name}: ${why}`);
    }
  }
  if (problems.length === 0 && networks.length === 0) problems.push(`${name} is empty; list at least one network`);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: networks };
}
