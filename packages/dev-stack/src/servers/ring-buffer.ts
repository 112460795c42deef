/** Keeps the last `max` lines written to it, for error messages; passes each line to `onLine`. */
export class RingBuffer {
  constructor(max = 80, onLine = null) {
    this.max = max;
    this.onLine = onLine;
    this.lines = [];
    this.partial = '';
  }
  push(chunk) {
    const parts = (this.partial + chunk).split('\n');
    this.partial = parts.pop();
    for (const line of parts) this.add(line);
  }
  add(line) {
    this.onLine?.(line);
    this.lines.push(line);
    if (this.lines.length > this.max) this.lines.shift();
  }
  text() {
    return [...this.lines, this.partial].filter(Boolean).join('\n');
  }
}
