import type { TestDserver } from './test-dserver.js';

/**
 * Registers a base URI in dserver and gives `user` search and register permission on it,
 * through dserver's admin route `PUT /base-uris/<base-uri>` (as `flask base_uri add` and
 * `flask user search_permission|register_permission` would, without a process per step).
 */
export async function grantBaseUri(dserver: TestDserver, admin: string, baseUri: string, user: string): Promise<void> {
  const response = await fetch(`${dserver.url}/base-uris/${baseUri.replace('://', '/')}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${dserver.tokens[admin] ?? ''}`, 'content-type': 'application/json' },
    body: JSON.stringify({ users_with_search_permissions: [user], users_with_register_permissions: [user] }),
  });
  if (response.status !== 200 && response.status !== 201) throw new Error(`granting ${baseUri} failed: HTTP ${response.status} ${await response.text()}`);
}
