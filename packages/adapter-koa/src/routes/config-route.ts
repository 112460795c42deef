import type { Middleware } from 'koa';

/**
 * Answers the effective configuration with lower-case keys (as the Python plugin did:
 * `allow_access_from`, `bucket_to_base_uri`, `version`, ...). The configuration handed in
 * is already free of secrets; this adds none.
 */
export function serveConfig(effectiveConfig: Readonly<Record<string, unknown>>): Middleware {
  const body = Object.fromEntries(Object.entries(effectiveConfig).map(([name, value]) => [name.toLowerCase(), value]));
  return (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = body;
  };
}
