import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from '@dtool-notify/domain';

type ProtocolErrorStatus = 400 | 405 | 408 | 417 | 431;

const ANSWERS: Readonly<Record<ProtocolErrorStatus, { readonly text: string; readonly reason: string }>> = {
  400: { text: 'Bad Request', reason: 'the request is not valid HTTP/1.1' },
  405: { text: 'Method Not Allowed', reason: 'method CONNECT is not allowed here' },
  408: { text: 'Request Timeout', reason: 'the request was not received in time' },
  417: { text: 'Expectation Failed', reason: 'only "Expect: 100-continue" is supported' },
  431: { text: 'Request Header Fields Too Large', reason: 'the request headers are too large' },
};

const JSON_TYPE = 'application/json; charset=utf-8';

/** A complete `Connection: close` response with the app's JSON error body, for a bare socket. */
function rawErrorResponse(status: ProtocolErrorStatus): string {
  const answer = ANSWERS[status];
  const body = JSON.stringify({ error: answer.reason });
  return (
    `HTTP/1.1 ${status} ${answer.text}\r\nContent-Type: ${JSON_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
    `X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${body}`
  );
}

function answerJsonError(response: ServerResponse, status: number, reason: string): void {
  const body = JSON.stringify({ error: reason });
  response.shouldKeepAlive = false;
  response.writeHead(status, { 'Content-Type': JSON_TYPE, 'Content-Length': Buffer.byteLength(body), 'X-Content-Type-Options': 'nosniff' });
  response.end(body);
}

/**
 * Wraps a request listener so that an HTTP/1.1 request without `Host` gets a JSON 400 (create
 * the server with `requireHostHeader: false`: Node's own check answers without a body).
 */
export function requireHostHeader(listener: RequestListener): RequestListener {
  return (request, response) => {
    if (request.httpVersion === '1.1' && request.headers.host === undefined) {
      answerJsonError(response, 400, 'an HTTP/1.1 request must have a Host header');
      return;
    }
    listener(request, response);
  };
}

/**
 * Answers what never reaches Koa with the JSON error bodies the app sends: requests Node's
 * parser refuses (400, 431 for oversized headers, 408 for clients too slow to send their
 * request), `CONNECT` (405, which Node would answer by dropping the connection) and
 * `Expect` values other than `100-continue` (417). What the client sent is never logged:
 * it may hold a token.
 */
export function answerProtocolErrors(server: Server, logger: Logger): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    const code = error.code ?? 'unknown';
    // As Node's own handler: never write an answer into a response already under way.
    const headersSent = (socket as Duplex & { _httpMessage?: ServerResponse | null })._httpMessage?.headersSent === true;
    if (code === 'ECONNRESET' || !socket.writable || headersSent) {
      socket.destroy();
      return;
    }
    const status: ProtocolErrorStatus = code === 'HPE_HEADER_OVERFLOW' ? 431 : code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    logger.debug({ event: 'client-error', code, status }, 'refused a request the HTTP parser could not accept');
    socket.end(rawErrorResponse(status));
  });
  server.on('connect', (_request: IncomingMessage, socket: Duplex) => {
    socket.on('error', () => undefined);
    socket.end(rawErrorResponse(405));
  });
  server.on('checkExpectation', (_request: IncomingMessage, response: ServerResponse) => {
    answerJsonError(response, 417, ANSWERS[417].reason);
  });
}
