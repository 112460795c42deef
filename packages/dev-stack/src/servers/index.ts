export { ensureTools } from './ensure-tool.js';
export { ensureKafka, isKafkaReady, kafkaPaths, startKafka, type KafkaHandle, type KafkaOptions } from './kafka.js';
export { isMinioReady, startMinio, type MinioOptions } from './minio.js';
export { isMongoReady, pingMongo, startFerretDb, type MongoOptions } from './mongo.js';
export { freePort } from './ports.js';
export type { MinioHandle, MongoHandle, ServerHandle, ServerOptions } from './server-handles.js';
export { allPaths, REPO_ROOT } from './tools.js';
