import { createServer, type Server } from 'node:http';
import { createNotifyApp } from '../create-notify-app.js';
import type { NotifyAppOptions } from '../notify-app-options.js';
import { answerProtocolErrors, requireHostHeader } from './answer-protocol-errors.js';

/** Options of {@link createNotifyServer}: the app's, plus how long a client may take. */
export interface NotifyServerOptions extends NotifyAppOptions {
  /** How long a client may take to send a request's headers (slow clients get 408). */
  readonly headersTimeoutMs: number;
  /** How long a client may take to send the whole request. */
  readonly requestTimeoutMs: number;
}

/**
 * The HTTP server of the service, not yet listening: the Koa app, the timeouts that keep a
 * slow client from holding a connection, and JSON answers to what Node refuses before Koa.
 */
export function createNotifyServer(options: NotifyServerOptions): Server {
  const app = createNotifyApp(options);
  // Node checks the timeouts every `connectionsCheckingInterval` (30 s by default, far longer
  // than a short timeout), so it is tied to the shorter of them.
  const server = createServer(
    {
      headersTimeout: options.headersTimeoutMs,
      requestTimeout: options.requestTimeoutMs,
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(options.headersTimeoutMs / 4))),
      requireHostHeader: false,
    },
    requireHostHeader(app.callback()),
  );
  server.keepAliveTimeout = 5_000;
  answerProtocolErrors(server, options.logger);
  return server;
}
