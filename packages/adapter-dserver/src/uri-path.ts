/**
 * The path of a dataset URI under a dserver route, as dservercore's `uri_to_url_suffix`
 * writes it: `s3://bucket/uuid` → `/s3/bucket/uuid` (dserver turns the first `/` back into
 * `://`). Each segment is percent-encoded, so nothing in a bucket name can change the route.
 */
export function uriPath(uri: string): string {
  const separator = uri.indexOf('://');
  const suffix = separator === -1 ? uri : `${uri.slice(0, separator)}/${uri.slice(separator + 3)}`;
  return `/${suffix.split('/').map(encodeURIComponent).join('/')}`;
}
