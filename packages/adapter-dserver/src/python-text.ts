/**
 * A JSON value as Python's `str()` prints it, which is how dserver's `/annotations` route
 * answers (its schema declares every annotation value a string, so `{"a": [1, true]}` comes
 * back as `"{'a': [1, True]}"`). Strings stay as they are at the top level.
 */
export function pythonText(value: unknown): string {
  return typeof value === 'string' ? value : pythonRepr(value);
}

function pythonRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return pythonNumber(value);
  if (typeof value === 'string') return pythonString(value);
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(', ')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value).map(([key, inner]) => `${pythonString(key)}: ${pythonRepr(inner)}`).join(', ')}}`;
  }
  return String(value);
}

/** JSON integers stay integers in Python; other numbers are floats, whose exponent has at least two digits. */
function pythonNumber(value: number): string {
  const text = String(value);
  return text.replace(/e([+-])(\d)$/, 'e$10$2');
}

/** Python's `repr` of a string: single quotes unless the text holds one and no double quote. */
function pythonString(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = '';
  for (const character of text) {
    const code = character.codePointAt(0) ?? 0;
    if (character === '\\') out += '\\\\';
    else if (character === quote) out += `\\${quote}`;
    else if (character === '\n') out += '\\n';
    else if (character === '\r') out += '\\r';
    else if (character === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += character;
  }
  return `${quote}${out}${quote}`;
}
