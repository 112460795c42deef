import * as v from 'valibot';
import type { ConfigResult } from '@dtool-notify/domain';

/** The process environment as plain data (the composition root reads it once). */
export type Environment = Readonly<Record<string, string | undefined>>;

/** Any environment (process.env, or a test's object): what the composite settings read. */
export const environment = v.record(v.string(), v.optional(v.string()));

/**
 * A setting parsed by the adapter (or domain) that owns it: its problems become issues of the
 * environment schema, word for word, so the owner's messages (which never quote a secret) are
 * the ones the operator reads.
 */
export function ownedBy<TInput, TOutput>(parse: (input: TInput) => ConfigResult<TOutput>): v.RawTransformAction<TInput, TOutput> {
  return v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const result = parse(dataset.value);
    if (result.ok) return result.value;
    for (const problem of result.problems) addIssue({ message: problem });
    return NEVER;
  });
}

/** A whole number within bounds. The message quotes the value: no secret is a number. */
export function wholeNumber(name: string, min: number, max: number) {
  return v.pipe(
    v.string(),
    v.check((text) => Number.isInteger(Number(text)) && Number(text) >= min && Number(text) <= max, (issue) => `${name} must be a whole number from ${min} to ${max}; got "${String(issue.input)}"`),
    v.transform(Number),
  );
}

/** How {@link oneOf} words and compares its choices. */
export interface OneOfOptions {
  /** `"a" or "b"` instead of `one of a, b`. */
  readonly quoted?: boolean;
  /** Compared in lower case (header names). */
  readonly caseless?: boolean;
}

/** One of `choices`. */
export function oneOf<const T extends string>(name: string, choices: readonly T[], options: OneOfOptions = {}) {
  const normalise = (text: string): string => (options.caseless === true ? text.toLowerCase() : text);
  const expected = options.quoted === true ? choices.map((choice) => `"${choice}"`).join(' or ') : `one of ${choices.join(', ')}`;
  return v.pipe(
    v.string(),
    v.check((text) => (choices as readonly string[]).includes(normalise(text)), (issue) => `${name} must be ${expected}; got "${String(issue.input)}"`),
    v.transform((text) => normalise(text) as T),
  );
}

/** A comma-separated list, empty entries dropped. */
export const commaList = v.optional(
  v.pipe(
    v.string(),
    v.transform((text) => text.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '')),
  ),
  '',
);
