/**
 * Preloaded (`node --import`) into a benchmarked server process, e.g. `dtool-notify serve`,
 * so the benchmark can read its CPU time, memory and request count over IPC without any
 * change to the program itself.
 */
import { answerOverIpc, readProcessStats, resetProcessStats } from './process-stats.js';

answerOverIpc(readProcessStats, resetProcessStats);
