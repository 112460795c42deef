import { describe, expect, test } from 'vitest';
import { parseNetworkList } from './parse-network-list.js';

describe('parseNetworkList', () => {
  test('reads networks and single addresses of both families', () => {
    expect(parseNetworkList('192.168.0.0/16, 10.1.2.3,fd00::/8, ::1', 'X')).toEqual({
      ok: true,
      value: ['192.168.0.0/16', '10.1.2.3/32', 'fd00::/8', '::1/128'],
    });
  });

  test('reports every bad entry', () => {
    const result = parseNetworkList('10.0.0.0/33, example.org, 1.2.3.4/8/1, ::1/129', 'DSERVER_NOTIFY_ALLOW_ACCESS_FROM');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems).toHaveLength(4);
  });

  test('rejects an empty list', () => {
    expect(parseNetworkList(' , ', 'X')).toEqual({ ok: false, problems: ['X is empty; list at least one network'] });
  });

  test('refuses an IPv4-mapped network with an IPv4 prefix length, as the access policy would', () => {
    expect(parseNetworkList('::ffff:10.0.0.0/8', 'X')).toEqual({ ok: false, problems: [expect.stringContaining('mixes IPv4-mapped addresses')] });
  });

  test('accepts an IPv4-mapped address however it is written', () => {
    expect(parseNetworkList('0:0:0:0:0:ffff:1.2.3.4, ::ffff:10.0.0.0/104', 'X')).toEqual({
      ok: true,
      value: ['0:0:0:0:0:ffff:1.2.3.4/128', '::ffff:10.0.0.0/104'],
    });
  });
});
