import type { Clock } from '../core/clock';

/** The real clock, for the running app, the CLI and the simulator outside tests. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, delayMs) => setTimeout(callback, delayMs),
  clearTimeout: (id) => clearTimeout(id as NodeJS.Timeout),
};
