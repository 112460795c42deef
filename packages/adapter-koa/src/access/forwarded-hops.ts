import parseForwarded from 'forwarded-parse';
import { parseIpAddress, type IpAddress } from './ip-address.js';

/** The forwarding headers a trusted proxy may be believed for; exactly one is read. */
export const TRUSTED_PROXY_HEADERS = ['x-forwarded-for', 'x-real-ip', 'forwarded'] as const;

/** The one header that names the client behind a trusted proxy. */
export type TrustedProxyHeader = (typeof TRUSTED_PROXY_HEADERS)[number];

/** Why a hop the walk reached cannot be judged (shown to the client). */
export const HOP_PROBLEM: Readonly<Record<TrustedProxyHeader, string>> = {
  'x-forwarded-for': 'X-Forwarded-For holds a hop that is not an IP address',
  'x-real-ip': 'X-Real-IP is not one IP address',
  forwarded: 'Forwarded holds a hop that is not an IP address',
};

/**
 * The hops a header names, left (farthest from us) to right (added by the proxy that
 * connected to us), still as text; `[]` when the header is absent.
 */
export type ForwardedHops = { readonly hops: readonly string[] } | { readonly problem: string };

type Headers = Readonly<Record<string, string | readonly string[] | undefined>>;

/**
 * Reads the hops of `header` only: `X-Forwarded-For` (comma-separated, over any number of
 * lines), `X-Real-IP` (exactly one address: one hop) or RFC 7239 `Forwarded` (the `for=` of
 * each element; an element without one is a hop that names no address).
 */
export function readForwardedHops(header: TrustedProxyHeader, headers: Headers): ForwardedHops {
  const values = headerValues(headers[header]);
  if (values.length === 0) return { hops: [] };
  switch (header) {
    case 'x-forwarded-for':
      return { hops: values.flatMap((value) => value.split(',')).map((hop) => hop.trim()).filter((hop) => hop !== '') };
    case 'x-real-ip': {
      const only = values.length === 1 ? values[0]?.trim() : undefined;
      return only === undefined || only === '' || only.includes(',') ? { problem: HOP_PROBLEM[header] } : { hops: [only] };
    }
    case 'forwarded':
      try {
        return { hops: parseForwarded(values.join(', ')).map((element) => (Object.hasOwn(element, 'for') ? (element['for'] ?? '') : '')) };
      } catch {
        return { problem: 'Forwarded is not a valid RFC 7239 header' };
      }
  }
}

function headerValues(value: string | readonly string[] | undefined): readonly string[] {
  if (value === undefined) return [];
  return typeof value === 'string' ? [value] : value;
}

/** A forwarded hop may carry a port (`10.0.0.1:5678`, `[fd00::1]:443`). */
export function parseHopAddress(hop: string): IpAddress | undefined {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(hop);
  if (bracketed?.[1] !== undefined) return parseIpAddress(bracketed[1]);
  const withPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(hop);
  return parseIpAddress(withPort?.[1] ?? hop);
}
