import { readRssMb } from '../reliability/service-process.js';

/** Samples a process's RSS every `intervalMs` until stopped; the peak, in MB. */
export function sampleRss(pid: number, intervalMs = 20): { stop(): { baselineMb: number; peakMb: number } } {
  const baselineMb = readRssMb(pid);
  let peakMb = baselineMb;
  const timer = setInterval(() => {
    try {
      peakMb = Math.max(peakMb, readRssMb(pid));
    } catch {
      // The process is gone: the liveness check reports it.
    }
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      return { baselineMb, peakMb };
    },
  };
}
