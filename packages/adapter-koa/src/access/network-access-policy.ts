import type { AccessDecision, AccessPolicy, AccessRequest } from '@dtool-notify/domain';
import { isInNetworks, parseIpAddress, parseIpNetwork, type IpAddress, type IpNetwork } from './ip-address.js';
import { LOOPBACK_NETWORKS } from './parse-network-list.js';

/** Options of {@link createNetworkAccessPolicy}. */
export interface NetworkAccessPolicyOptions {
  /** Networks allowed to notify us (CIDR or bare addresses); default loopback only. */
  readonly allowFrom?: readonly string[];
  /** Reverse proxies whose `X-Forwarded-For` / `X-Real-IP` we believe; default none. */
  readonly trustedProxies?: readonly string[];
}

/**
 * Allows requests whose client address lies in `allowFrom`. The client is the TCP peer,
 * unless that peer is a trusted proxy: then it is the right-most `X-Forwarded-For` hop that
 * is not itself a trusted proxy (or `X-Real-IP`). Forwarding headers from anyone else are
 * ignored, so a client cannot claim to be `127.0.0.1`.
 */
export function createNetworkAccessPolicy(options: NetworkAccessPolicyOptions = {}): AccessPolicy {
  const allowed = (options.allowFrom ?? LOOPBACK_NETWORKS).map(parseIpNetwork);
  const proxies = (options.trustedProxies ?? []).map(parseIpNetwork);
  const decide = (client: IpAddress): AccessDecision => {
    const clientAddress = client.toString();
    return isInNetworks(client, allowed)
      ? { allowed: true, clientAddress }
      : { allowed: false, clientAddress, reason: `address ${clientAddress} may not send notifications here` };
  };
  // A peer that is not a trusted proxy is judged by its address alone: remember the verdict, so
  // a sender's stream of notifications is not parsed and matched again request by request.
  const byPeer = new Map<string, AccessDecision>();
  return {
    check(request: AccessRequest): AccessDecision {
      const known = byPeer.get(request.peerAddress);
      if (known !== undefined) return known;
      const peer = parseIpAddress(request.peerAddress);
      if (peer === undefined) {
        return { allowed: false, clientAddress: request.peerAddress, reason: 'the peer address is not an IP address' };
      }
      if (!isInNetworks(peer, proxies)) {
        const decision = decide(peer);
        if (byPeer.size >= REMEMBERED_PEERS) byPeer.clear();
        byPeer.set(request.peerAddress, decision);
        return decision;
      }
      const client = forwardedClient(request, peer, proxies);
      if ('problem' in client) return { allowed: false, clientAddress: peer.toString(), reason: client.problem };
      return decide(client.address);
    },
  };
}

/** Verdicts remembered at most (forgotten all at once beyond that: peers are few in practice). */
const REMEMBERED_PEERS = 1024;

type Client = { readonly address: IpAddress } | { readonly problem: string };

/** The client behind a trusted proxy, from its forwarding headers; the proxy itself when it names none. */
function forwardedClient(request: AccessRequest, peer: IpAddress, proxies: readonly IpNetwork[]): Client {
  const hops = headerValues(request.headers['x-forwarded-for'])
    .flatMap((value) => value.split(','))
    .map((hop) => hop.trim())
    .filter((hop) => hop !== '');
  if (hops.length > 0) {
    let client: IpAddress | undefined;
    for (let index = hops.length - 1; index >= 0; index -= 1) {
      client = parseForwardedAddress(hops[index] ?? '');
      if (client === undefined) return { problem: 'X-Forwarded-For holds something that is not an IP address' };
      if (!isInNetworks(client, proxies)) break;
    }
    return { address: client as IpAddress };
  }
  const realIp = headerValues(request.headers['x-real-ip']);
  if (realIp.length === 0) return { address: peer };
  const address = realIp.length === 1 ? parseForwardedAddress(realIp[0] ?? '') : undefined;
  return address === undefined ? { problem: 'X-Real-IP is not one IP address' } : { address };
}

function headerValues(value: string | readonly string[] | undefined): readonly string[] {
  if (value === undefined) return [];
  return typeof value === 'string' ? [value] : value;
}

/** A forwarded hop may carry a port (`10.0.0.1:5678`, `[fd00::1]:443`). */
function parseForwardedAddress(hop: string): IpAddress | undefined {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(hop);
  if (bracketed?.[1] !== undefined) return parseIpAddress(bracketed[1]);
  const withPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(hop);
  return parseIpAddress(withPort?.[1] ?? hop);
}
