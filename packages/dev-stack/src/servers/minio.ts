import { ensureTool } from './ensure-tool.mjs';
import { launchOnFreePort, freePort } from './ports.mjs';
import { launch, makeDataDir } from './processes.mjs';

/** True when MinIO at `url` answers `GET /minio/health/live` with 200. */
export async function isMinioReady(url) {
  try {
    const res = await fetch(new URL('/minio/health/live', url), { signal: AbortSignal.timeout(2000) });
    await res.body?.cancel();
    return res.status === 200;
  } catch {
    return false;
  }
}

/**
 * Starts a MinIO server on a free loopback port.
 * @param {{ rootUser?: string, rootPassword?: string, env?: Record<string,string>, dataDir?: string,
 *           console?: boolean, onOutput?: (line: string) => void }} [opts]
 * @returns {Promise<{ url: string, endpoint: string, port: number, consoleUrl: string|null,
 *           rootUser: string, rootPassword: string, accessKeyId: string, secretAccessKey: string,
 *           region: string, dataDir: string, pid: number, startupMs: number, stop(): Promise<void> }>}
 */
export async function startMinio(opts = {}) {
  const bin = await ensureTool('minio');
  const rootUser = opts.rootUser ?? 'minioadmin';
  const rootPassword = opts.rootPassword ?? 'minioadmin-secret';
  return launchOnFreePort(async () => {
    const { dataDir, throwaway } = makeDataDir('dtool-notify-minio-', opts.dataDir);
    const [port, consolePort] = [await freePort(), await freePort()];
    const url = `http://127.0.0.1:${port}`;
    const env = {
      ...process.env,
      MINIO_ROOT_USER: rootUser,
      MINIO_ROOT_PASSWORD: rootPassword,
      MINIO_BROWSER: opts.console ? 'on' : 'off',
      MINIO_UPDATE: 'off',
      // Without this MinIO may refuse a drive on the root filesystem, as /tmp often is.
      MINIO_CI_CD: 'on',
      ...opts.env,
    };
    // Pinned even with the console off, so MinIO never listens on a random non-loopback port.
    const args = ['server', dataDir, '--address', `127.0.0.1:${port}`, '--console-address', `127.0.0.1:${consolePort}`];
    const handle = await launch({
      name: 'minio', cmd: bin, args, env, dataDir, throwaway, onOutput: opts.onOutput, isReady: () => isMinioReady(url),
    });
    return {
      url, endpoint: url, port, consoleUrl: opts.console ? `http://127.0.0.1:${consolePort}` : null,
      rootUser, rootPassword, accessKeyId: rootUser, secretAccessKey: rootPassword, region: 'us-east-1',
      ...handle,
    };
  });
}
