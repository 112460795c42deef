import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { silentLogger } from '@dtool-notify/domain';
import { answerProtocolErrors, requireHostHeader } from './answer-protocol-errors.js';

let server: Server;
let port: number;

beforeAll(async () => {
  server = createServer({ requireHostHeader: false }, requireHostHeader((_request, response) => response.end('{"ok": true}')));
  answerProtocolErrors(server, silentLogger);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** Writes `request` and reads until the server closes; returns the status and the JSON body. */
function exchange(request: string): Promise<{ status: number; body: unknown; contentType: string | undefined }> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    const socket = connect(port, '127.0.0.1', () => socket.write(request, 'latin1'));
    socket.on('data', (part: Buffer) => parts.push(part));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(parts).toString('utf8');
      const [head = '', body = ''] = text.split('\r\n\r\n');
      resolve({
        status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]),
        body: JSON.parse(body),
        contentType: /\r\ncontent-type: ([^\r]+)/i.exec(head)?.[1],
      });
    });
  });
}

describe('answerProtocolErrors', () => {
  test.each([
    ['a malformed request line', 'FROB / HTTP/1.1\r\nHost: x\r\n\r\n', 400, 'the request is not valid HTTP/1.1'],
    ['a Content-Length that is not a number', 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0x10\r\n\r\n', 400, 'the request is not valid HTTP/1.1'],
    ['headers past the size limit', `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`, 431, 'the request headers are too large'],
    ['CONNECT', 'CONNECT example.org:443 HTTP/1.1\r\nHost: example.org:443\r\n\r\n', 405, 'method CONNECT is not allowed here'],
    ['an Expect other than 100-continue', 'POST / HTTP/1.1\r\nHost: x\r\nExpect: 200-ok\r\nContent-Length: 0\r\nConnection: close\r\n\r\n', 417, 'only "Expect: 100-continue" is supported'],
    ['an HTTP/1.1 request without Host', 'GET / HTTP/1.1\r\nConnection: close\r\n\r\n', 400, 'an HTTP/1.1 request must have a Host header'],
  ])('answers %s with a JSON error body and closes', async (_, request, status, reason) => {
    const answer = await exchange(request);
    expect(answer).toEqual({ status, body: { error: reason }, contentType: 'application/json; charset=utf-8' });
  });

  test('passes well-formed requests through, HTTP/1.0 without Host included', async () => {
    expect((await exchange('GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).body).toEqual({ ok: true });
    expect((await exchange('GET / HTTP/1.0\r\n\r\n')).body).toEqual({ ok: true });
  });
});
