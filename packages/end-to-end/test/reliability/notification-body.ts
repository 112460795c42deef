/** An S3 event notification body as MinIO posts it, for one object (the test posting as a sender would). */
export function s3EventBody(bucket: string, key: string, kind: 'created' | 'removed' = 'created'): string {
  const eventName = kind === 'created' ? 's3:ObjectCreated:Put' : 's3:ObjectRemoved:Delete';
  return JSON.stringify({
    EventName: eventName,
    Key: `${bucket}/${key}`,
    Records: [{ eventName, eventTime: new Date().toISOString(), s3: { bucket: { name: bucket }, object: { key: encodeURIComponent(key) } } }],
  });
}

/** POSTs a notification body to the service's webhook; resolves to the response (body read) and how long it took. */
export async function postNotification(
  serviceUrl: string,
  body: string,
  timeoutMs = 30_000,
): Promise<{ status: number; retryAfter: string | null; json: unknown; elapsedMs: number }> {
  const started = Date.now();
  const response = await fetch(`${serviceUrl}/webhook/notify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    signal: AbortSignal.timeout(timeoutMs),
  });
  const json: unknown = await response.json();
  return { status: response.status, retryAfter: response.headers.get('retry-after'), json, elapsedMs: Date.now() - started };
}
