import type { IncomingMessage } from 'node:http';
import { HttpError } from '../http/http-error.js';

/**
 * Reads a request body as strict UTF-8 text, never holding more than `limitBytes`: a
 * `Content-Length` over the limit is refused before reading, and a chunked body that grows
 * past it stops being collected at once. Either way the answer is 413 and the connection
 * is closed after it. Invalid UTF-8 is a 400.
 */
export async function readBodyText(request: IncomingMessage, limitBytes: number): Promise<string> {
  return decodeUtf8(await readBodyBytes(request, limitBytes));
}

function readBodyBytes(request: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const encoding = (request.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity' && encoding !== '') {
    return Promise.reject(new HttpError('unsupported-media-type', `Content-Encoding "${encoding}" is not supported; send the body uncompressed`));
  }
  const declared = request.headers['content-length'];
  if (declared !== undefined && Number(declared) > limitBytes) return Promise.reject(tooLarge(request, limitBytes));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (outcome: () => void): void => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onEarlyEnd);
      request.off('close', onEarlyEnd);
      outcome();
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= limitBytes) {
        chunks.push(chunk);
        return;
      }
      finish(() => reject(tooLarge(request, limitBytes)));
    };
    const onEnd = (): void => finish(() => resolve(Buffer.concat(chunks, size)));
    const onEarlyEnd = (): void =>
      finish(() => reject(new HttpError('malformed', 'the request body ended before it was complete', { closeConnection: true })));
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onEarlyEnd);
    request.on('close', onEarlyEnd);
  });
}

/**
 * The 413 for a body over the limit. What the client still sends is discarded (not kept)
 * until the connection closes after the answer: closing a socket with unread data resets it,
 * and the client might then never see the 413.
 */
function tooLarge(request: IncomingMessage, limitBytes: number): HttpError {
  request.resume();
  return new HttpError('payload-too-large', `the request body is larger than ${limitBytes} bytes`, {
    body: { limitBytes },
    closeConnection: true,
  });
}

function decodeUtf8(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new HttpError('malformed', 'the request body is not valid UTF-8');
  }
}
