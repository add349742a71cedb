/**
 * Time, injected. Everything in core/ (and the simulator) reads the time and sets timers only through a Clock,
 * so the throttle, pacing, forecasts and the simulator's rolling window run deterministically in virtual time.
 */
/** Opaque: a number in virtual time, a Node Timeout object in real time. */
export type TimerId = number | object;

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  setTimeout(callback: () => void, delayMs: number): TimerId;
  clearTimeout(id: TimerId): void;
}

/**
 * The real clock, for the running app, the CLI and the simulator outside tests. It sits beside the interface so
 * every layer can reach it without reaching up; core/ itself never uses it, it is always handed a Clock.
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, delayMs) => setTimeout(callback, delayMs),
  clearTimeout: (id) => clearTimeout(id as NodeJS.Timeout),
};
