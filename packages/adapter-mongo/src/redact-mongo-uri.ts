const SCHEME = /^(mongodb(?:\+srv)?:\/\/)/i;
/** Query options that carry secrets (`authMechanismProperties` may hold an AWS session token). */
const SECRET_OPTIONS = /^(?:.*password.*|.*secret.*|.*token.*|authMechanismProperties)$/i;
const MASK = '***';

/**
 * A MongoDB connection string safe to log: the password and secret-bearing options are
 * masked, hosts, database and other options kept. Anything that is not a `mongodb://` or
 * `mongodb+srv://` URI is replaced as a whole (it may be a misplaced secret).
 */
export function redactMongoUri(uri: string): string {
  const scheme = SCHEME.exec(uri)?.[1];
  if (scheme === undefined) return '<not a mongodb:// URI>';
  const rest = uri.slice(scheme.length);
  // The password may contain unencoded `@`, `/` or `?`: the last `@` ends the user info,
  // and masking a little too much beats logging a secret.
  const at = rest.lastIndexOf('@');
  const userInfo = at === -1 ? undefined : rest.slice(0, at);
  const afterUserInfo = at === -1 ? rest : rest.slice(at + 1);
  const queryStart = afterUserInfo.indexOf('?');
  const hostsAndPath = queryStart === -1 ? afterUserInfo : afterUserInfo.slice(0, queryStart);
  const query = queryStart === -1 ? undefined : afterUserInfo.slice(queryStart + 1);
  return (
    scheme +
    (userInfo === undefined ? '' : `${redactUserInfo(userInfo)}@`) +
    hostsAndPath +
    (query === undefined ? '' : `?${redactQuery(query)}`)
  );
}

function redactUserInfo(userInfo: string): string {
  const colon = userInfo.indexOf(':');
  return colon === -1 ? userInfo : `${userInfo.slice(0, colon)}:${MASK}`;
}

function redactQuery(query: string): string {
  return query
    .split('&')
    .map((option) => {
      const equals = option.indexOf('=');
      if (equals === -1) return option;
      const name = option.slice(0, equals);
      return SECRET_OPTIONS.test(name) ? `${name}=${MASK}` : option;
    })
    .join('&');
}
