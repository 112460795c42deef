import type { LooseObjectIssue, ObjectIssue } from 'valibot';

/**
 * The message of an object's (or loose object's) issue: valibot reports a missing required key on the
 * object schema itself (expecting `"<key>"`), so one message has to cover both cases.
 */
export function objectIssueMessage(notAnObject = 'must be an object'): (issue: ObjectIssue | LooseObjectIssue) => string {
  return (issue) => (issue.expected?.startsWith('"') === true ? 'is missing' : notAnObject);
}
