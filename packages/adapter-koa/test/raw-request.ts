import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';

/** Options of {@link rawRequest}. */
export interface RawRequestOptions {
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Body parts written one by one; with no Content-Length header they go chunked. */
  readonly chunks?: readonly (string | Uint8Array)[];
  /** End the request after the chunks (default true); false leaves it open, as a client still sending would. */
  readonly end?: boolean;
}

/** The answer to a {@link rawRequest}. */
export interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
}

/**
 * An HTTP request with full control over framing (Content-Length that lies, chunked bodies,
 * requests left open), resolving as soon as the response has been read; connection errors
 * after that (the server closing on a client still sending) are ignored.
 */
export function rawRequest(url: string, options: RawRequestOptions = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const request = httpRequest(url, { method: options.method ?? 'POST', headers: { ...options.headers }, agent: false }, (response) => {
      const parts: Buffer[] = [];
      response.on('data', (part: Buffer) => parts.push(part));
      response.on('end', () => {
        answered = true;
        resolve({ status: response.statusCode ?? 0, headers: response.headers, text: Buffer.concat(parts).toString('utf8') });
        request.destroy();
      });
    });
    request.on('error', (error) => {
      if (!answered) reject(error);
    });
    for (const chunk of options.chunks ?? []) request.write(chunk);
    if (options.end ?? true) request.end();
    else request.flushHeaders();
  });
}
