import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { retryableError } from '@dtool-notify/domain';
import type { TokenSource } from './token-source.js';

/** One answer of dserver, its body read whole. */
export interface DserverResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A request to dserver: `path` starts with `/` and is already percent-encoded. */
export interface DserverRequest {
  readonly method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  readonly path: string;
  readonly json?: unknown;
}

/** Sends authenticated requests to one dserver over kept-alive connections. */
export interface DserverHttp {
  send(request: DserverRequest): Promise<DserverResponse>;
  /** Requests sent so far, by method (failed ones included). */
  readonly sent: Readonly<Record<DserverRequest['method'], number>>;
  close(): void;
}

/** Options of {@link createDserverHttp}. */
export interface DserverHttpOptions {
  readonly url: string;
  readonly token: TokenSource;
  readonly requestTimeoutMs: number;
  /** At most this many requests in flight; further ones queue for a connection. */
  readonly maxConcurrentRequests: number;
}

/**
 * The transport: one keep-alive agent whose socket limit bounds the requests in flight, a
 * time limit per request (queueing for a socket included), and every network failure or
 * time-out turned into a retryable error. The token is sent only in the Authorization
 * header and never appears in an error message.
 */
export function createDserverHttp(options: DserverHttpOptions): DserverHttp {
  const base = new URL(options.url);
  const secure = base.protocol === 'https:';
  const agentOptions = { keepAlive: true, maxSockets: options.maxConcurrentRequests, maxFreeSockets: options.maxConcurrentRequests };
  const agent = secure ? new HttpsAgent(agentOptions) : new HttpAgent(agentOptions);
  const request = secure ? httpsRequest : httpRequest;
  const prefix = base.pathname.replace(/\/+$/, '');
  const sent = { GET: 0, PUT: 0, POST: 0, DELETE: 0 };

  const send = async (call: DserverRequest): Promise<DserverResponse> => {
    sent[call.method] += 1;
    const token = await options.token();
    const body = call.json === undefined ? undefined : Buffer.from(JSON.stringify(call.json), 'utf8');
    const where = `dserver ${call.method} ${call.path.split('?')[0] ?? ''}`;
    return new Promise<DserverResponse>((resolve, reject) => {
      const outgoing = request(
        {
          protocol: base.protocol,
          hostname: base.hostname,
          port: base.port,
          method: call.method,
          path: `${prefix}${call.path}`,
          agent,
          signal: AbortSignal.timeout(options.requestTimeoutMs),
          headers: {
            authorization: `Bearer ${token}`,
            accept: 'application/json',
            ...(body === undefined ? {} : { 'content-type': 'application/json', 'content-length': body.length }),
          },
        },
        (incoming) => {
          const parts: Buffer[] = [];
          incoming.on('data', (part: Buffer) => parts.push(part));
          incoming.on('error', (error) => reject(retryableError(`${where}: the answer was cut off (${error.message})`, error)));
          incoming.on('end', () =>
            resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body: Buffer.concat(parts).toString('utf8') }),
          );
        },
      );
      outgoing.on('error', (error: NodeJS.ErrnoException) => {
        const why = error.name === 'AbortError' || error.name === 'TimeoutError' ? `no answer within ${options.requestTimeoutMs} ms` : (error.code ?? error.message);
        reject(retryableError(`${where}: dserver at ${base.origin} is unavailable (${why})`, error));
      });
      outgoing.end(body);
    });
  };
  return { send, sent, close: () => agent.destroy() };
}
