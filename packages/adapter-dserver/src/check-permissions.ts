import type { DserverReadiness } from './dserver-dataset-index.js';

/** dserver's `GET /me` answer (dservercore 0.22 `UserWithPermissionsSchema`). */
interface DserverUser {
  readonly username?: string;
  readonly search_permissions_on_base_uris?: readonly string[];
  readonly register_permissions_on_base_uris?: readonly string[];
}

/**
 * Whether the token's user may do what the service does on every base URI: register and
 * remove (register permission) and look datasets up and list them (search permission). A
 * base URI dserver does not know shows as missing both.
 */
export function checkPermissions(user: DserverUser, baseUris: readonly string[]): DserverReadiness {
  const name = user.username ?? 'the token\'s user';
  const search = new Set(user.search_permissions_on_base_uris ?? []);
  const register = new Set(user.register_permissions_on_base_uris ?? []);
  const problems = baseUris.flatMap((baseUri) => {
    const missing = [...(register.has(baseUri) ? [] : ['register']), ...(search.has(baseUri) ? [] : ['search'])];
    return missing.length === 0 ? [] : [`${missing.join(' and ')} permission on ${baseUri}`];
  });
  if (problems.length === 0) return { ready: true };
  return {
    ready: false,
    reason:
      `dserver user "${name}" lacks ${problems.join('; ')}. Register each base URI and grant both ` +
      `(flask base_uri add <base-uri>; flask user search_permission ${name} <base-uri>; flask user register_permission ${name} <base-uri>)`,
  };
}
