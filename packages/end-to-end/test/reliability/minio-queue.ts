import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Events waiting in MinIO's webhook queue (`queue_dir`, one file per event): MinIO keeps an
 * event there until the service answers it with a 2xx.
 */
export function queuedEvents(queueDir: string): number {
  const count = (directory: string): number =>
    readdirSync(directory, { withFileTypes: true }).reduce(
      (sum, entry) => sum + (entry.isDirectory() ? count(join(directory, entry.name)) : entry.name.includes('.event') ? 1 : 0),
      0,
    );
  try {
    return count(queueDir);
  } catch {
    return 0;
  }
}
