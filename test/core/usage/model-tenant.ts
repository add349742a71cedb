/**
 * An exact tenant for estimator tests: the other integrations' calls at times the test lays out (evenly spaced,
 * so the figures are exact), and readings of the counter as Autotask would give them.
 */
import type { UsageSample } from '../../../electron/core/usage/sample';

const MINUTE = 60_000;

/** The two scales the throttle is tried at, with the spacing of readings the poller would use near thresholds. */
export const scales = {
  autotask: { name: '10,000 per 60 min', limit: 10_000, windowMs: 60 * MINUTE, spacingMs: 30_000 },
  small: { name: '300 per 1 min', limit: 300, windowMs: MINUTE, spacingMs: 10_000 },
} as const;

export class ModelTenant {
  private readonly arrivals: number[] = [];

  constructor(
    readonly start: number,
    readonly windowMs: number,
  ) {}

  /** The others' calls evenly spread over [from, to) at `perMs`. */
  othersSteady(from: number, to: number, perMs: number): void {
    if (perMs <= 0) return;
    for (let at = from; at < to; at += 1 / perMs) this.arrivals.push(Math.floor(at));
    this.arrivals.sort((a, b) => a - b);
  }

  /** `count` calls of the others evenly over `spanMs` from `at`. */
  othersBurst(at: number, count: number, spanMs: number): void {
    for (let n = 0; n < count; n++) this.arrivals.push(Math.floor(at + (spanMs * n) / count));
    this.arrivals.sort((a, b) => a - b);
  }

  /** The others' calls in the window at `at`. */
  used(at: number): number {
    let count = 0;
    for (const arrived of this.arrivals) if (arrived > at - this.windowMs && arrived <= at) count++;
    return count;
  }

  sample(at: number, limit: number, timeframeMinutes = this.windowMs / MINUTE): UsageSample {
    return { used: Math.min(limit, this.used(at)), limit, timeframeMinutes, takenAt: at };
  }
}
