import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { dtoolS3Environment, ensurePythonTools, ORACLE_SCRIPT } from '@dtool-notify/dev-stack';

/** S3 connection details as dtool-s3 takes them. */
export interface S3Access {
  readonly endpoint: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** The pinned Python virtual environments: the dtool CLI, dserver's code and dtool-lookup-server 0.17.2's. */
export interface PythonTools {
  /** `.tools/venv/bin/python`: dtoolcore, dtool-s3, dservercore. */
  readonly python: string;
  readonly dtool: string;
  /** `.tools/venv-legacy/bin/python`: dtool-lookup-server 0.17.2. */
  readonly legacyPython: string;
  readonly oracleScript: string;
  /** The environment to run any of them with: a HOME of their own (no user's dtool or AWS configuration leaks in), UTF-8 I/O. */
  readonly baseEnvironment: Readonly<Record<string, string>>;
  /** {@link baseEnvironment} plus dtool-s3's variables for one bucket (`prefix`: `DTOOL_S3_DATASET_PREFIX_<bucket>`). */
  environment(bucket: string, s3: S3Access, options?: { prefix?: string }): Record<string, string>;
}

/** Time for a `beforeAll` that loads the tools: a first run creates the venvs (`npm test` does so before). */
export const PYTHON_TOOLS_SETUP_MS = 15 * 60_000;

/**
 * Creates the virtual environments on first use (`npm test` has done so in its pretest step)
 * and returns their commands. A missing Python fails here, with what to install.
 */
export async function loadPythonTools(): Promise<PythonTools> {
  const main = await ensurePythonTools('main');
  const legacy = await ensurePythonTools('legacy');
  // Beside the venvs (.tools/, gitignored): dtool finds no user configuration there.
  const home = join(dirname(main.venv), 'interop-home');
  mkdirSync(home, { recursive: true });
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] => entry[1] !== undefined && !/^(AWS_|DTOOL_)/.test(entry[0]),
    ),
  );
  const baseEnvironment = { ...inherited, HOME: home, PYTHONUTF8: '1', PYTHONWARNINGS: 'ignore:pkg_resources is deprecated' };
  return {
    python: main.python,
    dtool: main.dtool,
    legacyPython: legacy.python,
    oracleScript: ORACLE_SCRIPT,
    baseEnvironment,
    environment: (bucket, s3, options = {}) => ({ ...baseEnvironment, ...dtoolS3Environment(bucket, s3, options) }),
  };
}
