export type { Environment } from './config/read-environment.js';
export type { ServiceConfig } from './config/service-config.js';
export { readServiceConfig } from './config/service-config.js';
export type { RuntimeConfig } from './config/runtime-config.js';
export { readRuntimeConfig } from './config/runtime-config.js';
export { toEffectiveConfig, VERSION } from './config/effective-config.js';
export { createLogger } from './compose/create-logger.js';
export type { RunningService } from './compose/create-service.js';
export { startService } from './compose/create-service.js';

export type { LocalStack, LocalStackOptions, LocalStackWithoutService } from './stack/start-local-stack.js';
export { startLocalStack, STACK_DSERVER_USERS } from './stack/start-local-stack.js';
export type { TestServers, MinioHandle, MongoHandle, KafkaHandle, DserverHandle, DserverStartOptions } from './stack/test-servers.js';
export { loadTestServers } from './stack/test-servers.js';
export type { MinioKafkaTarget } from './stack/minio-notifications.js';
export { minioNotifyEnvironment, subscribeBucket, MINIO_TARGET_ID } from './stack/minio-notifications.js';
export type { ReplayOptions, ReplayReport } from './cli/replay-command.js';
export { replayNotifications } from './cli/replay-command.js';
