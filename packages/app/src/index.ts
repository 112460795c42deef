export type { Environment } from './config/setting-schemas.js';
export type { ServiceConfig } from './config/runtime-config.js';
export type { RuntimeConfig } from './config/runtime-config.js';
export { readRuntimeConfig } from './config/runtime-config.js';
export { toEffectiveConfig, VERSION } from './config/effective-config.js';
export { createLogger } from './compose/create-logger.js';
export type { RunningService, ServiceMode } from './compose/create-service.js';
export { startService } from './compose/create-service.js';
