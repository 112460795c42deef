export type { HistoryStep, DatasetHistory, DatasetHistoryOptions } from './dataset-history.js';
export { datasetHistoryArbitrary } from './dataset-history.js';
export { datasetOf, runHistory } from './run-history.js';
export { expectedHistoryDocument } from './expected-history-document.js';
