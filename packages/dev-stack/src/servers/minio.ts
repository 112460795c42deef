import { startServerProcess, makeDataDirectory } from '../process/start-server-process.js';
import { ensureTool } from './ensure-tool.js';
import { freePort, launchOnFreePort } from './ports.js';
import type { MinioHandle, ServerOptions } from './server-handles.js';

/** Options of {@link startMinio}. */
export interface MinioOptions extends ServerOptions {
  /** Further `MINIO_*` settings, e.g. notification targets. */
  readonly env?: Readonly<Record<string, string>>;
}

const ROOT_USER = 'minioadmin';
const ROOT_PASSWORD = 'minioadmin-secret';

/** True when MinIO at `url` answers `GET /minio/health/live` with 200. */
export async function isMinioReady(url: string): Promise<boolean> {
  try {
    const response = await fetch(new URL('/minio/health/live', url), { signal: AbortSignal.timeout(2000) });
    await response.body?.cancel();
    return response.status === 200;
  } catch {
    return false;
  }
}

/** Starts a MinIO server on a free loopback port. */
export async function startMinio(options: MinioOptions = {}): Promise<MinioHandle> {
  const binary = await ensureTool('minio');
  return launchOnFreePort(async () => {
    const dataDirectory = makeDataDirectory('dtool-notify-minio-', options.dataDir);
    const [port, consolePort] = [await freePort(), await freePort()];
    const url = `http://127.0.0.1:${port}`;
    const env = {
      MINIO_ROOT_USER: ROOT_USER,
      MINIO_ROOT_PASSWORD: ROOT_PASSWORD,
      MINIO_BROWSER: 'off',
      MINIO_UPDATE: 'off',
      // Without this MinIO may refuse a drive on the root filesystem, as /tmp often is.
      MINIO_CI_CD: 'on',
      ...options.env,
    };
    // Pinned even with the console off, so MinIO never listens on a random non-loopback port.
    const args = ['server', dataDirectory.path, '--address', `127.0.0.1:${port}`, '--console-address', `127.0.0.1:${consolePort}`];
    const server = await startServerProcess({
      name: 'minio', command: binary, args, env, dataDirectory, onOutput: options.onOutput, isReady: () => isMinioReady(url),
    });
    return {
      ...server, dataDir: dataDirectory.path, url, endpoint: url, port, accessKeyId: ROOT_USER, secretAccessKey: ROOT_PASSWORD, region: 'us-east-1',
    };
  });
}
