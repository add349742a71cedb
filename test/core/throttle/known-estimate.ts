/**
 * A usage estimate the test sets directly, for the controller and its rules: `used` calls of a tenant of 10,000
 * per 60 minutes (or the limit and window given), read at `at` unless the reading says otherwise.
 */
import type { KnownEstimate, ReadingInfo } from '../../../electron/core/usage/estimate';

const MINUTE = 60_000;

export interface EstimateOptions {
  at: number;
  limit?: number;
  timeframeMinutes?: number;
  reading?: ReadingInfo;
  /** What the readings vouch for, without the others' projected arrivals; `used` unless given. */
  usedAtLeast?: number;
}

export function knownEstimate(used: number, options: EstimateOptions): KnownEstimate {
  const { at, limit = 10_000, timeframeMinutes = 60, reading = { kind: 'sample', at }, usedAtLeast = used } = options;
  return {
    known: true,
    at,
    used,
    usedAtLeast,
    worstCase: used,
    limit,
    timeframeMinutes,
    reading,
    readingAgeMs: at - reading.at,
    readingSpacingMs: (timeframeMinutes * MINUTE) / 30,
    ownSinceReading: 0,
    othersInWindow: used,
    othersPerMinute: 0,
    othersNetPerMinute: 0,
    othersSurgePerMinute: 0,
    othersLargestBurst: 0,
    ownPerMinute: 0,
  };
}
