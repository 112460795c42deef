/** What went wrong with a request, as the client may learn it. */
export type HttpErrorCode =
  | 'malformed'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'method-not-allowed'
  | 'request-timeout'
  | 'payload-too-large'
  | 'unsupported-media-type'
  | 'expectation-failed'
  | 'headers-too-large'
  | 'unavailable';

/** The one table from error code to HTTP status. */
export const HTTP_STATUS_OF: Readonly<Record<HttpErrorCode, number>> = {
  malformed: 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  'method-not-allowed': 405,
  'request-timeout': 408,
  'payload-too-large': 413,
  'unsupported-media-type': 415,
  'expectation-failed': 417,
  'headers-too-large': 431,
  unavailable: 503,
};

/** Extra response details an error carries to the error handler. */
export interface HttpErrorDetails {
  /** Response headers to set (`Allow`, `WWW-Authenticate`, `Retry-After`, ...). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Further JSON fields of the error body, safe for the client to see. */
  readonly body?: Readonly<Record<string, unknown>>;
  /** Close the connection after answering (a request body was left unread). */
  readonly closeConnection?: boolean;
}

/**
 * Thrown inside handlers to end a request with a client-visible error; the error handler
 * turns it into `{"error": message, ...}` with the status of its code. The message is
 * shown to the client, so it must never hold configuration or secrets.
 */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  readonly code: HttpErrorCode;
  readonly details: HttpErrorDetails;

  constructor(code: HttpErrorCode, message: string, details: HttpErrorDetails = {}) {
    super(message);
    this.code = code;
    this.details = details;
  }

  /** The HTTP status of this error. */
  get status(): number {
    return HTTP_STATUS_OF[this.code];
  }
}
