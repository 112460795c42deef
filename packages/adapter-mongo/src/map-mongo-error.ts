import {
  MongoAPIError,
  MongoClientClosedError,
  MongoError,
  MongoNetworkError,
  MongoNotConnectedError,
  MongoOperationTimeoutError,
  MongoParseError,
  MongoServerError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
  MongoWriteConcernError,
} from 'mongodb';
import { asNotifyError, DtoolNotifyError, type DtoolNotifyErrorCode } from '@dtool-notify/domain';
import { isKeyNameRejection, locateRejectedKey } from './rejected-key.js';

/** What went wrong, as far as the caller is concerned. */
export type MongoFailure = 'key-name' | 'too-large' | 'access-denied' | 'duplicate-key' | 'unavailable' | 'rejected' | 'unexpected';

/** Server codes meaning "not now": no primary, shutting down, network, time limits (the driver's retryable set). */
const UNAVAILABLE_CODES = new Set([6, 7, 50, 64, 89, 91, 134, 189, 262, 9001, 10058, 10107, 11600, 11602, 13435, 13436]);
const UNAVAILABLE_LABELS = ['RetryableWriteError', 'RetryableError', 'SystemOverloadedError'];
const TOO_LARGE_CODES = new Set([10334, 17419, 17420]);
const ACCESS_DENIED_CODES = new Set([13, 18]);
const DUPLICATE_KEY_CODES = new Set([11000, 11001]);

const codeOf = (error: unknown): number => Number((error as { code?: unknown } | undefined)?.code);

/** Whether a server error, or one write error of a bulk command, says duplicate key. */
export function isDuplicateKey(error: unknown): boolean {
  return DUPLICATE_KEY_CODES.has(codeOf(error));
}

/** The rules, first match wins. */
const RULES: readonly { readonly failure: MongoFailure; readonly matches: (error: unknown) => boolean }[] = [
  { failure: 'duplicate-key', matches: (error) => error instanceof MongoServerError && isDuplicateKey(error) },
  { failure: 'key-name', matches: isKeyNameRejection },
  { failure: 'too-large', matches: (error) => error instanceof MongoServerError && TOO_LARGE_CODES.has(codeOf(error)) },
  { failure: 'access-denied', matches: (error) => error instanceof MongoServerError && ACCESS_DENIED_CODES.has(codeOf(error)) },
  {
    failure: 'unavailable',
    matches: (error) =>
      error instanceof MongoNetworkError ||
      error instanceof MongoServerSelectionError ||
      error instanceof MongoTopologyClosedError ||
      error instanceof MongoClientClosedError ||
      error instanceof MongoNotConnectedError ||
      error instanceof MongoOperationTimeoutError ||
      error instanceof MongoWriteConcernError ||
      (error instanceof MongoError && UNAVAILABLE_LABELS.some((label) => error.hasErrorLabel(label))) ||
      (error instanceof MongoServerError && UNAVAILABLE_CODES.has(codeOf(error))) ||
      (error instanceof MongoError && /not master|not primary|node is recovering/i.test(error.message)),
  },
  // Anything else the server answers is about this request: sending it again will not help.
  { failure: 'rejected', matches: (error) => error instanceof MongoServerError },
  // The driver refusing its arguments or the connection string, or BSON a value, is deterministic too.
  {
    failure: 'rejected',
    matches: (error) =>
      error instanceof MongoAPIError || error instanceof MongoParseError || (error instanceof Error && error.name === 'BSONError'),
  },
];

const CODES: Readonly<Record<MongoFailure, DtoolNotifyErrorCode>> = {
  // A field name MongoDB refuses comes from the dataset's content.
  'key-name': 'unreadable',
  'too-large': 'too-large',
  'access-denied': 'access-denied',
  // Two upserts raced and the retry raced again: the next attempt finds the document.
  'duplicate-key': 'retryable',
  unavailable: 'retryable',
  rejected: 'permanent',
  // An error the driver raised but no rule knows: a backend failure, so retrying may help.
  unexpected: 'retryable',
};

/** Which kind of failure a driver or server error is. */
export function classifyMongoError(error: unknown): MongoFailure {
  return RULES.find((rule) => rule.matches(error))?.failure ?? 'unexpected';
}

/** What the failed operation was, for the message: `upsert of s3://bucket/uuid`, and the document it wrote. */
export interface FailedOperation {
  readonly action: string;
  readonly uri?: string;
  readonly document?: unknown;
}

/** Turns a driver or server error into the domain's error, naming the operation and dataset. */
export function toNotifyError(error: unknown, operation: FailedOperation): DtoolNotifyError {
  if (error instanceof DtoolNotifyError) return error;
  // Not the driver's: a bug of ours (a value the document builder should have refused).
  if (!(error instanceof MongoError) && !(error instanceof Error && error.name === 'BSONError')) return asNotifyError(error);
  const failure = classifyMongoError(error);
  const detail = printable(error instanceof Error ? error.message : String(error));
  const subject = operation.uri === undefined ? operation.action : `${operation.action} of ${operation.uri}`;
  const messages: Record<MongoFailure, () => string> = {
    'key-name': () =>
      `MongoDB refused the document of ${operation.uri ?? 'a dataset'}: field name ${locateRejectedKey(error, operation.document)} is not allowed (${detail})`,
    'too-large': () => `the document of ${operation.uri ?? 'a dataset'} is too large for MongoDB (${detail})`,
    'access-denied': () => `MongoDB denied ${subject}: ${detail}; check the user and roles in the MongoDB connection string`,
    'duplicate-key': () => `${subject} kept racing another writer: ${detail}`,
    unavailable: () => `MongoDB is unavailable for ${subject}: ${detail}`,
    rejected: () => `MongoDB rejected ${subject}: ${detail}`,
    unexpected: () => `unexpected failure during ${subject}: ${detail}`,
  };
  return new DtoolNotifyError(CODES[failure], messages[failure](), { cause: error });
}

/** Server messages may quote document content: keep them short and free of control characters. */
function printable(message: string, limit = 300): string {
  const escaped = message.replace(/[\u0000-\u001f\u007f]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return escaped.length <= limit ? escaped : `${escaped.slice(0, limit)}…`;
}
