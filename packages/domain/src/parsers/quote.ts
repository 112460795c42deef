/**
 * A value for a reason text: JSON-quoted (so control characters and NUL stay visible and a
 * reason stays one line) and cut to `length` characters.
 */
export function quote(text: string, length = 200): string {
  return JSON.stringify(text.length <= length ? text : `${text.slice(0, length)}…`);
}
