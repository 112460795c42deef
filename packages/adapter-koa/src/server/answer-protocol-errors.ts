import { STATUS_CODES, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from '@dtool-notify/domain';
import { HttpError } from '../http/http-error.js';

const NOT_HTTP = new HttpError('malformed', 'the request is not valid HTTP/1.1');
const NO_CONNECT = new HttpError('method-not-allowed', 'method CONNECT is not allowed here');
const TOO_SLOW = new HttpError('request-timeout', 'the request was not received in time');
const ONLY_CONTINUE = new HttpError('expectation-failed', 'only "Expect: 100-continue" is supported');
const HEADERS_TOO_LARGE = new HttpError('headers-too-large', 'the request headers are too large');
const NO_HOST = new HttpError('malformed', 'an HTTP/1.1 request must have a Host header');

const JSON_TYPE = 'application/json; charset=utf-8';

/** The error body and headers handle-errors.ts sends, for what never reaches Koa. */
function errorAnswer(error: HttpError): { body: string; headers: Record<string, string | number> } {
  const body = JSON.stringify({ error: error.message });
  return { body, headers: { 'Content-Type': JSON_TYPE, 'Content-Length': Buffer.byteLength(body), 'X-Content-Type-Options': 'nosniff', Connection: 'close' } };
}

/** A complete `Connection: close` response with the JSON error body, for a bare socket. */
function rawErrorResponse(error: HttpError): string {
  const { body, headers } = errorAnswer(error);
  const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('');
  return `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status] ?? ''}\r\n${head}\r\n${body}`;
}

function answerJsonError(response: ServerResponse, error: HttpError): void {
  const { body, headers } = errorAnswer(error);
  response.shouldKeepAlive = false;
  response.writeHead(error.status, headers);
  response.end(body);
}

/**
 * Wraps a request listener so that an HTTP/1.1 request without `Host` gets a JSON 400 (create
 * the server with `requireHostHeader: false`: Node's own check answers without a body).
 */
export function requireHostHeader(listener: RequestListener): RequestListener {
  return (request, response) => {
    if (request.httpVersion === '1.1' && request.headers.host === undefined) {
      answerJsonError(response, NO_HOST);
      return;
    }
    listener(request, response);
  };
}

/**
 * Answers what never reaches Koa with the JSON error bodies of the one error table: requests Node's
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
    const answer = code === 'HPE_HEADER_OVERFLOW' ? HEADERS_TOO_LARGE : code === 'ERR_HTTP_REQUEST_TIMEOUT' ? TOO_SLOW : NOT_HTTP;
    logger.debug({ event: 'client-error', code, status: answer.status }, 'refused a request the HTTP parser could not accept');
    socket.end(rawErrorResponse(answer));
  });
  server.on('connect', (_request: IncomingMessage, socket: Duplex) => {
    socket.on('error', () => undefined);
    socket.end(rawErrorResponse(NO_CONNECT));
  });
  server.on('checkExpectation', (_request: IncomingMessage, response: ServerResponse) => {
    answerJsonError(response, ONLY_CONTINUE);
  });
}
