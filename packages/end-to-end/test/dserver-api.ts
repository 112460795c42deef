/** A thin client for dserver's REST API as a person (or the demo) queries it. */
export interface DserverApi {
  /** `GET` a route; the status and the parsed body. */
  get(path: string): Promise<{ status: number; body: unknown }>;
  /** `POST /uris` search with a `SearchDatasetSchema` query. */
  search(query: Readonly<Record<string, unknown>>): Promise<{ status: number; body: unknown }>;
}

/** `s3://bucket/uuid` → `s3/bucket/uuid`, as dserver's routes take a URI. */
export const routeSuffix = (uri: string): string => uri.replace('://', '/');

/** A client authenticated with `token`. */
export function dserverApi(url: string, token: string): DserverApi {
  const call = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(`${url}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } });
    const text = await response.text();
    return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
  };
  return {
    get: (path) => call(path),
    search: (query) => call('/uris', { method: 'POST', body: JSON.stringify(query) }),
  };
}
