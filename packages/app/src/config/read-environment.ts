/** The process environment as plain data (the composition root reads it once). */
export type Environment = Readonly<Record<string, string | undefined>>;

/** The first non-empty value among `names` (current name first, legacy names after). */
export function readVariable(env: Environment, names: readonly string[]): { name: string; value: string } | undefined {
  for (const name of names) {
    const value = env[name];
    if (value !== undefined && value.trim() !== '') return { name, value: value.trim() };
  }
  return undefined;
}

/** Reads a whole number within bounds, or records a problem. */
export function readInteger(
  env: Environment,
  name: string,
  fallback: number,
  bounds: { min: number; max: number },
  problems: string[],
): number {
  const raw = readVariable(env, [name]);
  if (raw === undefined) return fallback;
  const value = Number(raw.value);
  if (!Number.isInteger(value) || value < bounds.min || value > bounds.max) {
    problems.push(`${name} must be a whole number from ${bounds.min} to ${bounds.max}; got "${raw.value}"`);
    return fallback;
  }
  return value;
}

/** Splits a comma-separated list, dropping empty entries. */
export function readList(env: Environment, name: string): string[] {
  return (readVariable(env, [name])?.value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}
