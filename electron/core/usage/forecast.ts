/**
 * When the tenant would reach the sleep point and the hard cap if the current total rate (the others' smoothed
 * net rate plus our own) held. A flat or falling rate, or one that would need more than a whole window to get
 * there, is "not at this rate": the window turns over in that time, so a figure further out would be a guess
 * dressed up as a forecast.
 */
import type { UsageEstimate } from './estimate';

const MINUTE = 60_000;

export interface UsageForecast {
  known: boolean;
  /** The tenant's net rate now (arrivals minus departures), per minute; 0 when usage is unknown. */
  perMinute: number;
  /** Clock time usage reaches sleepAt at this rate (now if already there); absent: not at this rate. */
  sleepAtReachedAt?: number;
  /** Clock time usage reaches the limit at this rate (now if already there); absent: not at this rate. */
  capReachedAt?: number;
}

export function forecastUsage(estimate: UsageEstimate, sleepAtPercent: number): UsageForecast {
  if (!estimate.known) return { known: false, perMinute: 0 };
  const perMinute = estimate.othersNetPerMinute + estimate.ownPerMinute;
  const windowMs = estimate.timeframeMinutes * MINUTE;
  const reachedAt = (level: number): number | undefined => {
    if (estimate.used >= level) return estimate.at;
    if (perMinute <= 0) return undefined;
    const inMs = ((level - estimate.used) / perMinute) * MINUTE;
    return inMs <= windowMs ? estimate.at + Math.ceil(inMs) : undefined;
  };
  const forecast: UsageForecast = { known: true, perMinute };
  const sleepAtReachedAt = reachedAt((estimate.limit * sleepAtPercent) / 100);
  const capReachedAt = reachedAt(estimate.limit);
  if (sleepAtReachedAt !== undefined) forecast.sleepAtReachedAt = sleepAtReachedAt;
  if (capReachedAt !== undefined) forecast.capReachedAt = capReachedAt;
  return forecast;
}
