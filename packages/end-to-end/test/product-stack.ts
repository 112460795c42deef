import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { readRuntimeConfig, startService, type RunningService } from '@dtool-notify/app';
import {
  startLocalStack as startDevStack,
  type LocalStack as DevStack,
  type LocalStackOptions,
  type LocalStackWithoutService,
} from '@dtool-notify/dev-stack';
import { silentLogger, type Logger } from '@dtool-notify/domain';

export type { LocalStackWithoutService };

/** The dev-stack running the product's own service in this process. */
export type LocalStack = DevStack<RunningService>;

/** Options of {@link startLocalStack}: the dev-stack's, plus the service's logger. */
export interface ProductStackOptions extends Omit<LocalStackOptions<RunningService>, 'startService'> {
  readonly logger?: Logger;
  /** `false`: everything but the service, whose place the test takes (e.g. with the built CLI). */
  readonly startService?: false;
}

/** The local stack with the product's service composed exactly as `dtool-notify serve` does. */
export function startLocalStack(options: ProductStackOptions & { readonly startService: false }): Promise<LocalStackWithoutService>;
export function startLocalStack(options: ProductStackOptions): Promise<LocalStack>;
export function startLocalStack(options: ProductStackOptions): Promise<LocalStack | LocalStackWithoutService> {
  const { logger = silentLogger, startService: wanted, ...stack } = options;
  if (wanted === false) return startDevStack(stack);
  return startDevStack({
    ...stack,
    startService: (env) => {
      const config = readRuntimeConfig(env);
      if (!config.ok) throw new Error(`local stack configuration is invalid:\n${config.problems.join('\n')}`);
      return startService(config.value, logger);
    },
  });
}

const packageDirectory = (name: string): string => dirname(createRequire(import.meta.url).resolve(`${name}/package.json`));

/** The product's built CLI (`dtool-notify`), as the package's bin runs it. */
export const CLI = join(packageDirectory('@dtool-notify/app'), 'dist', 'cli', 'main.js');
