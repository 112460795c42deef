/** Confirms an AWS SNS subscription by visiting its `SubscribeURL`. */
export type ConfirmSubscription = (subscribeUrl: string) => Promise<void>;

const SNS_HOST = /^sns\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?$/;

/**
 * Whether a `SubscribeURL` points at AWS SNS itself (https, `sns.<region>.amazonaws.com`,
 * default port, no credentials): the URL comes from the request, and fetching whatever a
 * sender names would let anyone make this service call arbitrary hosts.
 */
export function isAwsSnsUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === 'https:' && SNS_HOST.test(parsed.hostname) && parsed.port === '' && parsed.username === '' && parsed.password === ''
  );
}

/**
 * The default confirmation: a GET of the URL (only AWS SNS URLs) with a 10 s timeout and no
 * redirects. Throws when SNS does not answer 2xx.
 */
export const confirmSubscriptionByFetch: ConfirmSubscription = async (subscribeUrl) => {
  if (!isAwsSnsUrl(subscribeUrl)) throw new Error('refusing to confirm a subscription URL that is not an AWS SNS https URL');
  const response = await fetch(subscribeUrl, { method: 'GET', redirect: 'error', signal: AbortSignal.timeout(10_000) });
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`AWS SNS answered the subscription confirmation with HTTP ${response.status}`);
};
