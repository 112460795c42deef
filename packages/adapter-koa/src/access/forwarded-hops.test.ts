import { describe, expect, test } from 'vitest';
import { parseHopAddress, readForwardedHops } from './forwarded-hops.js';

describe('readForwardedHops', () => {
  test('reads X-Forwarded-For hops over several lines, left to right, and nothing of the other headers', () => {
    const headers = { 'x-forwarded-for': ['203.0.113.1, 10.0.0.2', ' 10.0.0.3 '], 'x-real-ip': '192.0.2.1', forwarded: 'for=192.0.2.2' };
    expect(readForwardedHops('x-forwarded-for', headers)).toEqual({ hops: ['203.0.113.1', '10.0.0.2', '10.0.0.3'] });
  });

  test('reads X-Real-IP as one hop and refuses a list', () => {
    expect(readForwardedHops('x-real-ip', { 'x-real-ip': ' 192.0.2.1 ', 'x-forwarded-for': '10.0.0.1' })).toEqual({ hops: ['192.0.2.1'] });
    expect(readForwardedHops('x-real-ip', { 'x-real-ip': '192.0.2.1, 192.0.2.2' })).toEqual({ problem: 'X-Real-IP is not one IP address' });
    expect(readForwardedHops('x-real-ip', { 'x-real-ip': ['192.0.2.1', '192.0.2.2'] })).toEqual({ problem: 'X-Real-IP is not one IP address' });
  });

  test('reads the for= of each Forwarded element, unquoted, and an empty hop for an element without one', () => {
    expect(readForwardedHops('forwarded', { forwarded: 'for=192.0.2.43;proto=https, proto=http, For="[2001:db8::17]:4711"' })).toEqual({
      hops: ['192.0.2.43', '', '[2001:db8::17]:4711'],
    });
    expect(readForwardedHops('forwarded', { forwarded: 'constructor=1;__proto__=2' })).toEqual({ hops: [''] });
  });

  test('refuses a Forwarded header that is not RFC 7239', () => {
    expect(readForwardedHops('forwarded', { forwarded: '192.0.2.1' })).toEqual({ problem: 'Forwarded is not a valid RFC 7239 header' });
  });

  test('gives no hops for an absent header', () => {
    expect(readForwardedHops('forwarded', { 'x-forwarded-for': '192.0.2.1' })).toEqual({ hops: [] });
  });
});

describe('parseHopAddress', () => {
  test.each([
    ['192.0.2.1', '192.0.2.1'],
    ['192.0.2.1:8080', '192.0.2.1'],
    ['[2001:db8::17]:4711', '2001:db8::17'],
    ['[2001:db8::17]', '2001:db8::17'],
    ['::ffff:10.0.0.1', '10.0.0.1'],
  ])('reads %s as %s', (hop, address) => {
    expect(parseHopAddress(hop)?.toString()).toBe(address);
  });

  test.each(['unknown', '_hidden', '', '0x7f.1', '2130706433', 'localhost'])('refuses %j', (hop) => {
    expect(parseHopAddress(hop)).toBeUndefined();
  });
});
