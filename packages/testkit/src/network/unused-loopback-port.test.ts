import { connect } from 'node:net';
import { describe, expect, test } from 'vitest';
import { unusedLoopbackPort } from './unused-loopback-port.js';

describe('unusedLoopbackPort', () => {
  test('returns a loopback port whose connections are refused', async () => {
    const port = await unusedLoopbackPort();
    expect(port).toBeGreaterThan(0);
    const refused = await new Promise<string | undefined>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(undefined);
      });
      socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code));
    });
    expect(refused).toBe('ECONNREFUSED');
  });
});
