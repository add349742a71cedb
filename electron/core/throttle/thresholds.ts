/**
 * The throttle's thresholds in requests, for the tenant's live limit: settings are percentages so they hold for a
 * tenant whose limit is not 10,000, and every comparison is made here in one place.
 */
import type { ThrottleSettings } from '../settings/throttle-settings';

export interface Thresholds {
  limit: number;
  slowAt: number;
  /** A slowed connection returns to normal only below this (slowAt minus the hysteresis band). */
  normalBelow: number;
  sleepAt: number;
  resumeBelow: number;
  criticalStopAt: number;
}

export function thresholdsFor(settings: ThrottleSettings, limit: number): Thresholds {
  const share = (percent: number) => (limit * percent) / 100;
  return {
    limit,
    slowAt: share(settings.slowAtPercent),
    normalBelow: share(settings.slowAtPercent - settings.hysteresisPercent),
    sleepAt: share(settings.sleepAtPercent),
    resumeBelow: share(settings.resumeBelowPercent),
    criticalStopAt: share(settings.criticalStopAtPercent),
  };
}

/**
 * Whether the count is known to be at or past criticalStopAt, where every call waits, critical ones too: by what
 * the readings vouch for, not by a guess of the others' arrivals, so no critical call waits longer than it must.
 */
export function isCriticalStop(usage: { usedAtLeast: number; limit: number }, settings: ThrottleSettings): boolean {
  return usage.usedAtLeast >= thresholdsFor(settings, usage.limit).criticalStopAt;
}
