/** One `record` line of the service's JSON log. */
export interface RecordLine {
  readonly level: number;
  readonly uri?: string;
  readonly outcome?: string;
  readonly code?: string;
  readonly reason?: string;
  readonly durationMs?: number;
}

/** The `record` lines of the service's output that name `uri`. */
export function recordLines(output: string, uri: string): RecordLine[] {
  return output.split('\n').flatMap((line) => {
    if (!line.startsWith('{')) return [];
    try {
      const parsed = JSON.parse(line) as RecordLine & { event?: string };
      return parsed.event === 'record' && parsed.uri === uri ? [parsed] : [];
    } catch {
      return [];
    }
  });
}
