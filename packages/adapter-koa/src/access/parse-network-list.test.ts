import { describe, expect, test } from 'vitest';
import { parseNetworkList } from './networks.js';

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
});
