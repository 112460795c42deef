import type { BaseIssue } from 'valibot';

/** A parse outcome that never throws. */
export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

/** Turns valibot issues into one readable sentence fragment (`has an invalid "x": ...`); `within` is the path of the value validated. */
export function describeIssues(issues: readonly BaseIssue<unknown>[], within: readonly string[] = []): string {
  const described = issues.slice(0, 3).map((issue) => {
    const path = [...within, ...(issue.path?.map((item) => String(item.key)) ?? [])].join('.');
    return path === '' ? issue.message : `"${path}": ${issue.message}`;
  });
  const more = issues.length > 3 ? ` (and ${issues.length - 3} more)` : '';
  return `is invalid: ${described.join('; ')}${more}`;
}
