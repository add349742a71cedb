import type { ThrottleSettings } from '../settings/throttle-settings';
import type { UsageFigures } from './sample';

/**
 * How often to read the tenant's counter. Every rule is a share of the reported window and of the reported limit,
 * so a test tenant with a 1-minute window and a limit of 300 is watched in proportion to Autotask's 60 minutes and
 * 10,000, as far as its limit can pay for it: each poll is one request of the very limit it is watching, so the
 * budget shares below win over the window shares when the limit is small.
 */

/**
 * Regular polls far from every threshold: half of the 1% promise. The other half is left for the fresh readings the
 * gate asks for, one after each share of the room it spends (release-plan.ts).
 */
export const STEADY_POLL_SHARE = 0.005;
/** No regular poll, however near a threshold, comes faster than this share of the limit per window. */
export const FASTEST_POLL_SHARE = 0.02;

/** Far from thresholds, one poll per 1/30 of the window (2 min of Autotask's 60); near them, one per 1/120 (30 s). */
const SLOWEST_WINDOW_SHARE = 1 / 30;
const FASTEST_WINDOW_SHARE = 1 / 120;
/** Within 2% of the limit from a threshold, poll as fast as allowed; 15% or more away, as slowly as allowed. */
const NEAR_DISTANCE = 0.02;
const FAR_DISTANCE = 0.15;
/** At the current rate, the next threshold should be at least this many polls away. */
const POLLS_BEFORE_THRESHOLD = 4;
/** A sample steers the estimate while younger than this share of the window (15 of Autotask's 60 min). */
const GOOD_FOR_WINDOW_SHARE = 1 / 4;

/** The tenant's live limit and its window: what every polling rule is a share of. */
export type TenantScale = Pick<UsageFigures, 'limit' | 'timeframeMinutes'>;

export interface PollingBounds {
  /** No two polls closer than this, whatever asks for them. */
  fastestMs: number;
  /** The regular interval far from every threshold. */
  slowestMs: number;
  /** Until a sample is this old, failures leave the connection degraded; after, offline. */
  sampleGoodForMs: number;
}

export function pollingBounds(scale: TenantScale): PollingBounds {
  const windowMs = windowMsOf(scale);
  const limit = checkPositive(scale.limit, 'limit');
  /** The interval at which polling costs `share` of the limit per window. */
  const spending = (share: number) => windowMs / (share * limit);
  const fastestMs = Math.ceil(Math.max(windowMs * FASTEST_WINDOW_SHARE, spending(FASTEST_POLL_SHARE)));
  const slowestMs = Math.ceil(Math.max(windowMs * SLOWEST_WINDOW_SHARE, spending(STEADY_POLL_SHARE)));
  return {
    fastestMs,
    slowestMs,
    // A tenant too small to poll that often is given two regular polls to recover, but never more than the window.
    sampleGoodForMs: Math.min(windowMs, Math.max(windowMs * GOOD_FOR_WINDOW_SHARE, 2 * slowestMs)),
  };
}

export interface PollIntervalInput extends TenantScale {
  /** Requests in the window now: the last sample, or the engine's estimate since. */
  used: number;
  /** How fast `used` is growing, in requests per minute (all integrations); unknown or falling: leave out or <= 0. */
  perMinute?: number;
  /** The thresholds the controller acts at, in percent of the limit. */
  thresholdsPercent: readonly number[];
}

/** The time until the next regular poll: slow far from every threshold, fast near one or when one is coming up fast. */
export function pollIntervalMs(input: PollIntervalInput): number {
  const { fastestMs, slowestMs } = pollingBounds(input);
  const share = checkNonNegative(input.used, 'used') / input.limit;
  const thresholds = input.thresholdsPercent.filter(Number.isFinite).map((percent) => percent / 100);
  const distance = distanceToNearestThreshold(share, thresholds);
  const closeness = Math.min(1, Math.max(0, (distance - NEAR_DISTANCE) / (FAR_DISTANCE - NEAR_DISTANCE)));
  const byDistance = fastestMs + (slowestMs - fastestMs) * closeness;
  const byRate = timeToNextThresholdMs(share, thresholds, input) / POLLS_BEFORE_THRESHOLD;
  return Math.round(Math.min(slowestMs, Math.max(fastestMs, Math.min(byDistance, byRate))));
}

/** The thresholds worth watching closely: every line the controller changes state at. */
export function watchedThresholds(settings: ThrottleSettings): number[] {
  return [settings.slowAtPercent, settings.sleepAtPercent, settings.resumeBelowPercent, settings.criticalStopAtPercent];
}

/** In shares of the limit; none at all is as far as can be. */
function distanceToNearestThreshold(share: number, thresholds: number[]): number {
  if (thresholds.length === 0) return Number.POSITIVE_INFINITY;
  // Past the highest threshold everything is held: what matters then is seeing usage fall back below it soon.
  if (share >= Math.max(...thresholds)) return 0;
  return Math.min(...thresholds.map((threshold) => Math.abs(threshold - share)));
}

function timeToNextThresholdMs(share: number, thresholds: number[], input: PollIntervalInput): number {
  const perMinute = input.perMinute ?? 0;
  const ahead = thresholds.filter((threshold) => threshold > share);
  if (!(perMinute > 0) || ahead.length === 0) return Number.POSITIVE_INFINITY;
  return (((Math.min(...ahead) - share) * input.limit) / perMinute) * 60_000;
}

function windowMsOf(scale: TenantScale): number {
  return checkPositive(scale.timeframeMinutes, 'timeframeMinutes') * 60_000;
}

function checkPositive(value: number, name: string): number {
  if (!(Number.isFinite(value) && value > 0)) throw new RangeError(`${name} must be a positive number, got ${value}`);
  return value;
}

function checkNonNegative(value: number, name: string): number {
  if (!(Number.isFinite(value) && value >= 0)) throw new RangeError(`${name} must be a number >= 0, got ${value}`);
  return value;
}
