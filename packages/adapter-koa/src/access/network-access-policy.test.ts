import { describe, expect, test } from 'vitest';
import { createNetworkAccessPolicy } from './network-access-policy.js';

const request = (peerAddress: string, headers: Record<string, string | string[]> = {}) => ({ peerAddress, headers });

describe('createNetworkAccessPolicy', () => {
  test('allows only loopback by default, over IPv4 and IPv6', () => {
    const policy = createNetworkAccessPolicy();
    expect(policy.check(request('127.0.0.1')).allowed).toBe(true);
    expect(policy.check(request('127.8.9.10')).allowed).toBe(true);
    expect(policy.check(request('::1')).allowed).toBe(true);
    expect(policy.check(request('10.0.0.1')).allowed).toBe(false);
    expect(policy.check(request('::2')).allowed).toBe(false);
  });

  test('matches an IPv4-mapped IPv6 peer against its IPv4 network', () => {
    const policy = createNetworkAccessPolicy({ allowFrom: ['10.0.0.0/8'] });
    expect(policy.check(request('::ffff:10.0.0.1'))).toEqual({ allowed: true, clientAddress: '10.0.0.1' });
    expect(policy.check(request('::ffff:11.0.0.1')).allowed).toBe(false);
  });

  test('matches an IPv4 peer against an IPv4-mapped IPv6 network', () => {
    const policy = createNetworkAccessPolicy({ allowFrom: ['::ffff:192.168.0.0/112'] });
    expect(policy.check(request('192.168.3.4')).allowed).toBe(true);
    expect(policy.check(request('192.169.3.4')).allowed).toBe(false);
  });

  test('matches IPv6 networks and single addresses', () => {
    const policy = createNetworkAccessPolicy({ allowFrom: ['fd00::/8', '192.0.2.7'] });
    expect(policy.check(request('fd12:3456::1')).allowed).toBe(true);
    expect(policy.check(request('fe80::1')).allowed).toBe(false);
    expect(policy.check(request('192.0.2.7')).allowed).toBe(true);
    expect(policy.check(request('192.0.2.8')).allowed).toBe(false);
  });

  test('denies with a reason naming the client address but not the allowed networks', () => {
    const decision = createNetworkAccessPolicy({ allowFrom: ['10.0.0.0/8'] }).check(request('203.0.113.9'));
    expect(decision).toMatchObject({ allowed: false, clientAddress: '203.0.113.9' });
    expect(decision.allowed ? '' : decision.reason).toContain('203.0.113.9');
    expect(decision.allowed ? '' : decision.reason).not.toContain('10.0.0.0');
  });

  test('ignores X-Forwarded-For and X-Real-IP from a peer that is not a trusted proxy', () => {
    const policy = createNetworkAccessPolicy({ allowFrom: ['127.0.0.0/8'], trustedProxies: ['10.9.9.9'] });
    const forged = policy.check(request('203.0.113.9', { 'x-forwarded-for': '127.0.0.1', 'x-real-ip': '127.0.0.1' }));
    expect(forged).toMatchObject({ allowed: false, clientAddress: '203.0.113.9' });
  });

  test('takes the right-most X-Forwarded-For hop that is not a trusted proxy', () => {
    const policy = createNetworkAccessPolicy({ allowFrom: ['192.168.0.0/16'], trustedProxies: ['10.0.0.0/8'] });
    // The left-most entry is whatever the client claimed; only hops appended by our proxies count.
    const decision = policy.check(request('10.0.0.2', { 'x-forwarded-for': '127.0.0.1, 192.168.1.5, 10.0.0.3' }));
    expect(decision).toEqual({ allowed: true, clientAddress: '192.168.1.5' });
    const spoofed = policy.check(request('10.0.0.2', { 'x-forwarded-for': '192.168.1.5, 203.0.113.9' }));
    expect(spoofed).toMatchObject({ allowed: false, clientAddress: '203.0.113.9' });
  });

  test('reads X-Forwarded-For given as several header lines, with ports and brackets', () => {
    const policy = createNetworkAccessPolicy({ allowFrom: ['fd00::/8'], trustedProxies: ['127.0.0.1'] });
    const decision = policy.check(request('::ffff:127.0.0.1', { 'x-forwarded-for': ['203.0.113.1', '[fd00::5]:443'] }));
    expect(decision).toEqual({ allowed: true, clientAddress: 'fd00::5' });
    const withPort = createNetworkAccessPolicy({ allowFrom: ['192.0.2.0/24'], trustedProxies: ['127.0.0.1'] });
    expect(withPort.check(request('127.0.0.1', { 'x-forwarded-for': '192.0.2.1:5678' })).allowed).toBe(true);
  });

  test('reads only the configured header from a trusted proxy: X-Real-IP, with X-Forwarded-For ignored', () => {
    const policy = createNetworkAccessPolicy({ allowFrom: ['10.0.0.0/8'], trustedProxies: ['127.0.0.1'], trustedProxyHeader: 'x-real-ip' });
    // A proxy that sets X-Real-IP passes the client's own X-Forwarded-For through: it must not count.
    const forged = policy.check(request('127.0.0.1', { 'x-real-ip': '203.0.113.9', 'x-forwarded-for': '10.1.2.3' }));
    expect(forged).toMatchObject({ allowed: false, clientAddress: '203.0.113.9' });
    expect(policy.check(request('127.0.0.1', { 'x-real-ip': '10.1.2.3', 'x-forwarded-for': '203.0.113.9' }))).toEqual({ allowed: true, clientAddress: '10.1.2.3' });
    expect(policy.check(request('127.0.0.1', { 'x-real-ip': '10.1.2.3, 10.1.2.4' }))).toMatchObject({ allowed: false, reason: 'X-Real-IP is not one IP address' });
  });

  test('reads only X-Forwarded-For by default: X-Real-IP and Forwarded from a trusted proxy are ignored', () => {
    const policy = createNetworkAccessPolicy({ allowFrom: ['10.0.0.0/8'], trustedProxies: ['127.0.0.1'] });
    expect(policy.check(request('127.0.0.1', { 'x-forwarded-for': '203.0.113.9', 'x-real-ip': '10.1.2.3' }))).toMatchObject({ allowed: false, clientAddress: '203.0.113.9' });
    // Without the configured header, the proxy itself is the client.
    expect(policy.check(request('127.0.0.1', { 'x-real-ip': '10.1.2.3', forwarded: 'for=10.1.2.3' }))).toMatchObject({ allowed: false, clientAddress: '127.0.0.1' });
  });

  test('walks RFC 7239 Forwarded for= hops right to left, with quoting, ports and IPv6 brackets', () => {
    const policy = createNetworkAccessPolicy({ allowFrom: ['192.0.2.0/24', 'fd00::/8'], trustedProxies: ['127.0.0.1', '10.0.0.0/8'], trustedProxyHeader: 'forwarded' });
    const check = (forwarded: string | string[], extra: Record<string, string> = {}) => policy.check(request('127.0.0.1', { forwarded, ...extra }));
    expect(check('for=192.0.2.60;proto=http;by=203.0.113.43', { 'x-forwarded-for': '203.0.113.9' })).toEqual({ allowed: true, clientAddress: '192.0.2.60' });
    expect(check('for=192.0.2.43, for="[fd00::17]:4711"')).toEqual({ allowed: true, clientAddress: 'fd00::17' });
    expect(check('for=192.0.2.43, for=203.0.113.9')).toMatchObject({ allowed: false, clientAddress: '203.0.113.9' });
    expect(check('for=203.0.113.9, for="192.0.2.5:8080", For=10.0.0.7')).toEqual({ allowed: true, clientAddress: '192.0.2.5' });
    expect(check(['for=192.0.2.1', 'for=10.0.0.7'])).toEqual({ allowed: true, clientAddress: '192.0.2.1' });
    expect(check('for=10.0.0.6, for=10.0.0.7')).toMatchObject({ allowed: false, clientAddress: '10.0.0.6' });
  });

  test('denies a Forwarded header that is malformed, or names no address where the walk needs one', () => {
    const policy = createNetworkAccessPolicy({ allowFrom: ['0.0.0.0/0', '::/0'], trustedProxies: ['127.0.0.1'], trustedProxyHeader: 'forwarded' });
    const check = (forwarded: string) => policy.check(request('127.0.0.1', { forwarded }));
    expect(check('for=192.0.2.1;')).toMatchObject({ allowed: false, reason: 'Forwarded is not a valid RFC 7239 header' });
    expect(check('for="192.0.2.1')).toMatchObject({ allowed: false, reason: 'Forwarded is not a valid RFC 7239 header' });
    expect(check('for=unknown')).toMatchObject({ allowed: false, reason: 'Forwarded holds a hop that is not an IP address' });
    expect(check('for=_hidden')).toMatchObject({ allowed: false });
    expect(check('for=192.0.2.1, proto=https')).toMatchObject({ allowed: false, reason: 'Forwarded holds a hop that is not an IP address' });
    // Hops left of the client are the client's own claims and are never read.
    expect(check('for=garbage, for=192.0.2.1')).toEqual({ allowed: true, clientAddress: '192.0.2.1' });
  });

  test('treats a trusted proxy that names no client as the client', () => {
    const policy = createNetworkAccessPolicy({ allowFrom: ['127.0.0.1'], trustedProxies: ['127.0.0.1'] });
    expect(policy.check(request('127.0.0.1'))).toEqual({ allowed: true, clientAddress: '127.0.0.1' });
  });

  test('denies when every forwarded hop is a trusted proxy but the first is not allowed', () => {
    const policy = createNetworkAccessPolicy({ allowFrom: ['192.0.2.0/24'], trustedProxies: ['10.0.0.0/8'] });
    expect(policy.check(request('10.0.0.1', { 'x-forwarded-for': '10.0.0.7, 10.0.0.8' }))).toMatchObject({ allowed: false, clientAddress: '10.0.0.7' });
  });

  test('denies forwarding headers from a trusted proxy that do not hold addresses', () => {
    const policy = createNetworkAccessPolicy({ allowFrom: ['0.0.0.0/0'], trustedProxies: ['127.0.0.1'] });
    expect(policy.check(request('127.0.0.1', { 'x-forwarded-for': 'unknown' })).allowed).toBe(false);
    expect(policy.check(request('127.0.0.1', { 'x-forwarded-for': '0x7f.1' })).allowed).toBe(false);
    const realIp = createNetworkAccessPolicy({ allowFrom: ['0.0.0.0/0'], trustedProxies: ['127.0.0.1'], trustedProxyHeader: 'x-real-ip' });
    expect(realIp.check(request('127.0.0.1', { 'x-real-ip': 'localhost' }))).toMatchObject({ allowed: false, reason: 'X-Real-IP is not one IP address' });
  });

  test('judges every peer by its own address however many peers and requests it has seen', () => {
    const policy = createNetworkAccessPolicy({ allowFrom: ['10.0.0.0/16'] });
    for (let round = 0; round < 2; round += 1) {
      for (let host = 0; host < 3000; host += 1) {
        const inside = `10.0.${host % 256}.${Math.floor(host / 256)}`;
        const outside = `10.1.${host % 256}.${Math.floor(host / 256)}`;
        expect(policy.check(request(inside))).toEqual({ allowed: true, clientAddress: inside });
        expect(policy.check(request(outside, { 'x-forwarded-for': inside })).allowed).toBe(false);
      }
    }
  });

  test('judges each request of a trusted proxy by the client it forwards', () => {
    const policy = createNetworkAccessPolicy({ allowFrom: ['192.168.0.0/16'], trustedProxies: ['10.0.0.2'] });
    expect(policy.check(request('10.0.0.2', { 'x-forwarded-for': '192.168.1.5' })).allowed).toBe(true);
    expect(policy.check(request('10.0.0.2', { 'x-forwarded-for': '203.0.113.9' })).allowed).toBe(false);
    expect(policy.check(request('10.0.0.2', { 'x-forwarded-for': '192.168.1.6' })).allowed).toBe(true);
  });

  test('denies a peer address that is not an IP address', () => {
    expect(createNetworkAccessPolicy({ allowFrom: ['0.0.0.0/0', '::/0'] }).check(request('')).allowed).toBe(false);
  });

  test('refuses to be created with a malformed network', () => {
    expect(() => createNetworkAccessPolicy({ allowFrom: ['10.0.0.0/33'] })).toThrow(/not an IP network/);
    expect(() => createNetworkAccessPolicy({ trustedProxies: ['proxy.local'] })).toThrow(/not an IP address/);
  });
});
