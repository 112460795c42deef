import { DtoolNotifyError, type DtoolNotifyErrorCode } from '@dtool-notify/domain';
import type { DserverResponse } from './dserver-http.js';

/** What a dserver answer means for the caller. */
export type DserverFailure = 'token-rejected' | 'forbidden' | 'invalid' | 'unavailable' | 'unexpected';

/**
 * The one table from dserver's answers to the domain's error codes. A rejected token or a
 * missing permission is the operator's to fix (no retry helps); dserver refusing a document
 * is that dataset's content failure; dserver or its database being down is retryable.
 */
const CODES: Readonly<Record<DserverFailure, DtoolNotifyErrorCode>> = {
  'token-rejected': 'access-denied',
  forbidden: 'access-denied',
  invalid: 'permanent',
  unavailable: 'retryable',
  // Retrying costs little; losing an event costs an index entry.
  unexpected: 'retryable',
};

/**
 * Which kind of failure a non-2xx answer is. flask-jwt-extended answers an unreadable or
 * wrongly signed token with 422 `{"msg": ...}`; flask-smorest answers a body that does not fit
 * `RegisterDatasetSchema` with 422 `{"errors": ...}`.
 */
export function classifyDserverAnswer(response: Pick<DserverResponse, 'status' | 'body'>): DserverFailure {
  const { status } = response;
  if (status === 401) return 'token-rejected';
  if (status === 403) return 'forbidden';
  if (status === 422) return isTokenComplaint(response.body) ? 'token-rejected' : 'invalid';
  if (status === 400 || status === 413) return 'invalid';
  if (status >= 500 || status === 408 || status === 429) return 'unavailable';
  return 'unexpected';
}

function isTokenComplaint(body: string): boolean {
  try {
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === 'object' && parsed !== null && 'msg' in parsed && !('errors' in parsed);
  } catch {
    return false;
  }
}

/** Turns a non-2xx answer into the domain's error, naming the operation and what to check. */
export function toDserverError(response: Pick<DserverResponse, 'status' | 'body'>, operation: string): DtoolNotifyError {
  const failure = classifyDserverAnswer(response);
  const detail = printable(response.body);
  const messages: Record<DserverFailure, string> = {
    'token-rejected': `dserver rejected the service's token for ${operation} (HTTP ${response.status}${detail === '' ? '' : `: ${detail}`}); check DSERVER_NOTIFY_DSERVER_TOKEN, or the private key against dserver's JWT_PUBLIC_KEY, and that the user exists (flask user add)`,
    forbidden: `dserver refused ${operation} (HTTP 403): the service's user needs search and register permission on the base URI, and the base URI must be registered in dserver (flask base_uri add, flask user search_permission, flask user register_permission)`,
    invalid: `dserver refused ${operation} as invalid (HTTP ${response.status}${detail === '' ? '' : `: ${detail}`})`,
    unavailable: `dserver is unavailable for ${operation} (HTTP ${response.status})`,
    unexpected: `dserver answered ${operation} with HTTP ${response.status}${detail === '' ? '' : `: ${detail}`}`,
  };
  return new DtoolNotifyError(CODES[failure], messages[failure]);
}

/** dserver's answers may quote document content: keep them short and free of control characters. */
function printable(text: string, limit = 300): string {
  const escaped = text.trim().replace(/[\u0000-\u001f\u007f]/g, ' ');
  return escaped.length <= limit ? escaped : `${escaped.slice(0, limit)}…`;
}
