import { connect } from 'node:net';

/** What the server sent back on one raw connection. */
export interface RawAnswer {
  /** The status of the first response, or `undefined` when the connection closed without one. */
  readonly status: number | undefined;
  readonly headers: Readonly<Record<string, string>>;
  /** The body of the first response (by its Content-Length, else everything until the close). */
  readonly body: string;
  /** Milliseconds from connecting until the response was complete or the connection ended. */
  readonly elapsedMs: number;
  /** How the exchange ended: a complete response, the server closing or resetting, or the client giving up. */
  readonly ending: 'answered' | 'closed' | 'reset' | 'timed-out';
}

/** Options of {@link sendRaw}. */
export interface SendRawOptions {
  readonly host: string;
  readonly port: number;
  /** Bytes written at once, one after the other. */
  readonly parts: readonly Uint8Array[];
  /** Pause between parts (a slow client), default none. */
  readonly delayMs?: number;
  /**
   * Half-close after the last part (default false). Node's server aborts requests still being
   * answered when the client half-closes, so by default the connection stays open until the
   * response is complete or the server closes it.
   */
  readonly end?: boolean;
  /** The response carries no body whatever its Content-Length says (an answer to HEAD). */
  readonly bodyless?: boolean;
  /** Give up after this long (default 20 s). */
  readonly timeoutMs?: number;
  readonly family?: 4 | 6;
}

/**
 * Sends bytes exactly as given over a fresh TCP connection and reads the first final response
 * (or whatever came before the server closed): requests that `fetch` and `node:http` refuse
 * to send (bad framing, bad header bytes, lying lengths) and clients that drip. Write errors
 * after the server gave up are ignored.
 */
export function sendRaw(options: SendRawOptions): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const started = performance.now();
    const received: Buffer[] = [];
    const socket = connect({ host: options.host, port: options.port, ...(options.family === undefined ? {} : { family: options.family }) });
    let settled = false;
    let reset = false;
    const finish = (ending: RawAnswer['ending']): void => {
      if (settled) return;
      settled = true;
      clearTimeout(giveUp);
      socket.destroy();
      resolve({ ...parseResponse(Buffer.concat(received)), elapsedMs: Math.round(performance.now() - started), ending });
    };
    const giveUp = setTimeout(() => finish('timed-out'), options.timeoutMs ?? 20_000);
    socket.on('data', (chunk: Buffer) => {
      received.push(chunk);
      if (responseComplete(Buffer.concat(received), options.bodyless === true)) finish('answered');
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNRESET') reset = true;
    });
    socket.on('close', () => finish(reset ? 'reset' : 'closed'));
    socket.once('connect', () => {
      void writeParts(socket, options).catch(() => undefined);
    });
  });
}

async function writeParts(socket: ReturnType<typeof connect>, options: SendRawOptions): Promise<void> {
  for (const [position, part] of options.parts.entries()) {
    if (socket.destroyed || socket.writableEnded) return;
    if (position > 0 && options.delayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
    if (socket.destroyed) return;
    if (!socket.write(part)) await new Promise((resolve) => socket.once('drain', resolve).once('close', resolve));
  }
  if (options.end === true && !socket.destroyed) socket.end();
}

/** The bytes of the final response: interim `1xx` responses (100 Continue) are skipped. */
function finalResponse(bytes: Buffer): Buffer {
  let rest = bytes;
  while (/^HTTP\/1\.[01] 1\d\d /.test(rest.subarray(0, 16).toString('latin1'))) {
    const end = rest.indexOf('\r\n\r\n');
    if (end === -1) return rest;
    rest = rest.subarray(end + 4);
  }
  return rest;
}

function responseComplete(bytes: Buffer, bodyless: boolean): boolean {
  const response = finalResponse(bytes);
  const headEnd = response.indexOf('\r\n\r\n');
  if (headEnd === -1) return false;
  const length = /\r\ncontent-length: *(\d+)/i.exec(response.subarray(0, headEnd).toString('latin1'))?.[1];
  if (bodyless || /^HTTP\/1\.[01] (204|304) /.test(response.toString('latin1', 0, 16))) return true;
  return length !== undefined && response.length - headEnd - 4 >= Number(length);
}

function parseResponse(whole: Buffer): Pick<RawAnswer, 'status' | 'headers' | 'body'> {
  const bytes = finalResponse(whole);
  const headEnd = bytes.indexOf('\r\n\r\n');
  if (headEnd === -1) return { status: undefined, headers: {}, body: bytes.toString('latin1') };
  const [statusLine = '', ...lines] = bytes.subarray(0, headEnd).toString('latin1').split('\r\n');
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1];
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const rest = bytes.subarray(headEnd + 4);
  const length = headers['content-length'] === undefined ? rest.length : Math.min(rest.length, Number(headers['content-length']));
  return { status: status === undefined ? undefined : Number(status), headers, body: rest.subarray(0, length).toString('utf8') };
}
