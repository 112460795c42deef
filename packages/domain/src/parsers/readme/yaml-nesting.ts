/**
 * An upper bound of the nesting of YAML text, read without parsing it: the `yaml` library
 * nests its work per level, and about a thousand levels of `[` or `- ` abort Node inside
 * V8's RegExp engine ("RegExpCompiler Allocation failed"), which no try/catch survives.
 *
 * Block nesting is counted as the indentation levels open at a line plus the `- `, `? ` and
 * `: ` indicators that open collections on it; flow nesting as the open `[` and `{`. Brackets
 * and indicators inside quoted or block scalars count too: the bound errs on the safe side
 * (only text with dozens of unbalanced brackets is refused for a collection it does not hold).
 */
export function yamlNestingExceeds(text: string, maxDepth: number): boolean {
  let flow = 0;
  const indents: number[] = [];
  for (const line of text.split(/\r\n|\r|\n/)) {
    let column = 0;
    if (flow === 0) {
      while (column < line.length && (line[column] === ' ' || line[column] === '\t')) column += 1;
      if (column === line.length || line[column] === '#') continue;
      while (indents.length > 0 && (indents.at(-1) as number) >= column) indents.pop();
      indents.push(column);
    }
    let indicators = 0;
    for (let at = column; at < line.length; at += 1) {
      const char = line[at];
      if (char === '[' || char === '{') flow += 1;
      else if (char === ']' || char === '}') flow = Math.max(0, flow - 1);
      else if ((char === '-' || char === '?' || char === ':') && (at + 1 === line.length || line[at + 1] === ' ' || line[at + 1] === '\t')) indicators += 1;
      if (indents.length - 1 + indicators + flow > maxDepth) return true;
    }
  }
  return false;
}

/**
 * True when a parsed value nests deeper than `maxDepth` (walked without recursion). YAML
 * aliases can make a value contain itself (`&a [*a]`): its depth is unbounded, so it is refused.
 */
export function valueNestingExceeds(value: unknown, maxDepth: number): boolean {
  const pending: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (typeof next.value !== 'object' || next.value === null) continue;
    const depth = next.depth + 1;
    if (depth > maxDepth) return true;
    for (const child of Object.values(next.value)) pending.push({ value: child, depth });
  }
  return false;
}
