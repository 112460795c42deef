/** How a webhook body is to be read, by its Content-Type. */
export type BodyFormat = 'form' | 'json' | 'unsupported';

const JSON_MEDIA_TYPES: ReadonlySet<string> = new Set([
  // No Content-Type at all: curl, hand-written senders; JSON is the only format without one.
  '',
  'application/json',
  // AWS SNS posts its JSON messages as text/plain.
  'text/plain',
]);

/** `application/<anything>+json` (RFC 6839 structured syntax suffix). */
const STRUCTURED_JSON = /^application\/[\w.!#$&^+-]+\+json$/;

/**
 * Classifies a Content-Type header by its media type (parameters such as `charset` are
 * ignored: the HTTP layer has already decoded the body): form-encoded (StorageGRID's SNS
 * posts), JSON (`application/json`, `application/*+json`, `text/plain`, none) or unsupported.
 */
export function classifyMediaType(contentType: string | undefined): BodyFormat {
  const mediaType = (contentType ?? '').split(';', 1)[0]?.trim().toLowerCase() ?? '';
  if (mediaType === 'application/x-www-form-urlencoded') return 'form';
  if (JSON_MEDIA_TYPES.has(mediaType)) return 'json';
  return STRUCTURED_JSON.test(mediaType) ? 'json' : 'unsupported';
}
