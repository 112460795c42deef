/** Options of {@link pythonJson}. */
export interface PythonJsonOptions {
  /** Sort object keys, like `json.dumps(..., sort_keys=True)`. */
  readonly sortKeys?: boolean;
  /** Keys whose numbers are Python floats, written with a `.0` when integral (`1645632787.0`). */
  readonly floatKeys?: ReadonlySet<string>;
}

/**
 * Serialises a JSON value byte for byte as Python's `json.dumps` does with its defaults,
 * which is how dtool writes its JSON objects: `", "` and `": "` separators and every
 * character outside printable ASCII escaped as `\uXXXX`.
 */
export function pythonJson(value: unknown, options: PythonJsonOptions = {}): string {
  return serialize(value, undefined, options);
}

// String concatenation in loops rather than map/join: manifests of 10,000 items must stay fast.
function serialize(value: unknown, key: string | undefined, options: PythonJsonOptions): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return pythonString(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return 'null';
    return key !== undefined && options.floatKeys?.has(key) === true ? pythonFloat(value) : String(value);
  }
  if (Array.isArray(value)) {
    let text = '[';
    for (let index = 0; index < value.length; index += 1) text += (index === 0 ? '' : ', ') + serialize(value[index], undefined, options);
    return `${text}]`;
  }
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const names = Object.keys(record);
    if (options.sortKeys === true) names.sort();
    let text = '{';
    for (const name of names) {
      const item = record[name];
      if (item === undefined) continue;
      text += `${text === '{' ? '' : ', '}${pythonString(name)}: ${serialize(item, name, options)}`;
    }
    return `${text}}`;
  }
  throw new TypeError(`cannot serialise a ${typeof value} as JSON`);
}

/** A number as Python prints a float: JavaScript's shortest round-trip form, `.0` added when integral. */
export function pythonFloat(value: number): string {
  return Number.isInteger(value) ? `${value}.0` : String(value);
}

const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

const NEEDS_ESCAPE = /["\\]|[^ -~]/;

/** A string as Python's `json.dumps` (with `ensure_ascii`) writes it. */
function pythonString(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return `"${text}"`;
  const escaped = text.replace(/["\\]|[^ -~]/g, (character) => {
    const short = SHORT_ESCAPES[character];
    if (short !== undefined) return short;
    return `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
  return `"${escaped}"`;
}
