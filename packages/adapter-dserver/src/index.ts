export type { DserverDatasetIndex, DserverDatasetIndexOptions, DserverIndexStats, DserverReadiness } from './dserver-dataset-index.js';
export { createDserverDatasetIndex } from './create-dserver-dataset-index.js';
export type { DserverCredentials, DserverSettings } from './dserver-settings.js';
export { DSERVER_VARIABLES, readDserverSettings } from './dserver-settings.js';
export type { DatasetRegistration } from './registration.js';
export { registeredForm, toRegistration } from './registration.js';
