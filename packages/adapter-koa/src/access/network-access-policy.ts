import type { AccessDecision, AccessPolicy, AccessRequest } from '@dtool-notify/domain';
import { HOP_PROBLEM, parseHopAddress, readForwardedHops, type ForwardedHops, type TrustedProxyHeader } from './forwarded-hops.js';
import { isInNetworks, parseIpAddress, parseIpNetwork, type IpAddress, type IpNetwork } from './ip-address.js';
import { LOOPBACK_NETWORKS } from './parse-network-list.js';

/** Options of {@link createNetworkAccessPolicy}. */
export interface NetworkAccessPolicyOptions {
  /** Networks allowed to notify us (CIDR or bare addresses); default loopback only. */
  readonly allowFrom?: readonly string[];
  /** Reverse proxies whose forwarding header we believe; default none. */
  readonly trustedProxies?: readonly string[];
  /** The one header read from a trusted proxy (default `x-forwarded-for`); the others are ignored. */
  readonly trustedProxyHeader?: TrustedProxyHeader;
}

/**
 * Allows requests whose client address lies in `allowFrom`. The client is the TCP peer,
 * unless that peer is a trusted proxy: then only `trustedProxyHeader` is read, and its hops
 * are walked from the right (the hop the connecting proxy added) to the left, skipping
 * trusted proxies; the first hop that is not one is the client, the left-most when all are,
 * the proxy itself when the header is absent. A hop the walk reaches that is not an IP
 * address is denied; hops left of the client are its own claims and are never read.
 * Forwarding headers from anyone else are ignored, so a client cannot claim to be `127.0.0.1`.
 */
export function createNetworkAccessPolicy(options: NetworkAccessPolicyOptions = {}): AccessPolicy {
  const allowed = (options.allowFrom ?? LOOPBACK_NETWORKS).map(parseIpNetwork);
  const proxies = (options.trustedProxies ?? []).map(parseIpNetwork);
  const header = options.trustedProxyHeader ?? 'x-forwarded-for';
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
      const client = forwardedClient(readForwardedHops(header, request.headers), peer, proxies, HOP_PROBLEM[header]);
      if ('problem' in client) return { allowed: false, clientAddress: peer.toString(), reason: client.problem };
      return decide(client.address);
    },
  };
}

/** Verdicts remembered at most (forgotten all at once beyond that: peers are few in practice). */
const REMEMBERED_PEERS = 1024;

type Client = { readonly address: IpAddress } | { readonly problem: string };

/** The client behind a trusted proxy, from the hops of its forwarding header; the proxy itself when it names none. */
function forwardedClient(forwarded: ForwardedHops, peer: IpAddress, proxies: readonly IpNetwork[], hopProblem: string): Client {
  if ('problem' in forwarded) return forwarded;
  let client: IpAddress = peer;
  for (let index = forwarded.hops.length - 1; index >= 0; index -= 1) {
    const hop = parseHopAddress(forwarded.hops[index] ?? '');
    if (hop === undefined) return { problem: hopProblem };
    client = hop;
    if (!isInNetworks(client, proxies)) break;
  }
  return { address: client };
}
