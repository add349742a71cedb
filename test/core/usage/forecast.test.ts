import { describe, expect, it } from 'vitest';
import { UsageEstimator, type KnownEstimate } from '../../../electron/core/usage/estimate';
import { forecastUsage } from '../../../electron/core/usage/forecast';

const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
const SECOND = 1_000;
const MINUTE = 60_000;

interface Rates {
  /** The others' arrivals less their departures, per minute. */
  othersNet?: number;
  /** Our own calls made less ours aged out, per minute. */
  own?: number;
  /** The others' arrivals alone, per minute (their departures may match them). */
  othersArrivals?: number;
  limit?: number;
  timeframeMinutes?: number;
}

/** An estimate of `used` at T0, moving at the rates given (10,000 per 60 min unless told). */
function estimate(
  used: number,
  { othersNet = 0, own = 0, othersArrivals = othersNet, limit = 10_000, timeframeMinutes = 60 }: Rates = {},
): KnownEstimate {
  return {
    known: true,
    at: T0,
    used,
    usedAtLeast: used,
    worstCase: used,
    limit,
    timeframeMinutes,
    reading: { kind: 'sample', at: T0 - 30 * SECOND },
    readingAgeMs: 30 * SECOND,
    readingSpacingMs: 2 * MINUTE,
    ownSinceReading: 0,
    othersInWindow: used,
    othersPerMinute: othersArrivals,
    othersNetPerMinute: othersNet,
    othersSurgePerMinute: 0,
    othersLargestBurst: 0,
    ownPerMinute: own,
  };
}

describe('forecastUsage', () => {
  it('says when sleepAt and the cap would be reached at the others’ net rate', () => {
    const forecast = forecastUsage(estimate(8_000, { othersNet: 100 }), 90);
    expect(forecast).toEqual({
      known: true,
      perMinute: 100,
      sleepAtReachedAt: T0 + 10 * MINUTE,
      capReachedAt: T0 + 20 * MINUTE,
    });
  });

  it('adds our own net rate to the others’', () => {
    const forecast = forecastUsage(estimate(8_000, { othersNet: 60, own: 40 }), 90);
    expect(forecast.perMinute).toBe(100);
    expect(forecast.sleepAtReachedAt).toBe(T0 + 10 * MINUTE);
    const oursAlone = forecastUsage(estimate(8_000, { own: 200 }), 90);
    expect(oursAlone.sleepAtReachedAt).toBe(T0 + 5 * MINUTE);
  });

  it('forecasts nothing for a busy but steady tenant: arrivals that only replace departures', () => {
    const forecast = forecastUsage(estimate(8_500, { othersArrivals: 140, othersNet: 0 }), 90);
    expect(forecast.perMinute).toBe(0);
    expect(forecast.sleepAtReachedAt).toBeUndefined();
    expect(forecast.capReachedAt).toBeUndefined();
  });

  it('says "not at this rate" when the total is flat or falling, whoever is rising', () => {
    for (const rates of [{ othersNet: -50 }, { othersNet: -80, own: 30 }, { othersNet: 40, own: -40 }]) {
      const forecast = forecastUsage(estimate(8_000, rates), 90);
      expect(forecast.perMinute).toBeLessThanOrEqual(0);
      expect(forecast.sleepAtReachedAt).toBeUndefined();
      expect(forecast.capReachedAt).toBeUndefined();
    }
  });

  it('says "not at this rate" when getting there would take longer than the window itself', () => {
    const forecast = forecastUsage(estimate(8_200, { othersNet: 25 }), 90);
    expect(forecast.sleepAtReachedAt).toBe(T0 + 32 * MINUTE);
    expect(forecast.capReachedAt).toBeUndefined();
    expect(forecastUsage(estimate(1_000, { othersNet: 50 }), 90).sleepAtReachedAt).toBeUndefined();
  });

  it('says "now" for a level already reached', () => {
    const forecast = forecastUsage(estimate(9_200, { othersNet: -10 }), 90);
    expect(forecast.sleepAtReachedAt).toBe(T0);
    expect(forecast.capReachedAt).toBeUndefined();
    expect(forecastUsage(estimate(10_000), 90).capReachedAt).toBe(T0);
  });

  it('works at 300 per 1-minute window, where a minute is the whole window', () => {
    const small = { limit: 300, timeframeMinutes: 1 };
    const fast = forecastUsage(estimate(200, { ...small, othersNet: 60, own: 40 }), 90);
    expect(fast.sleepAtReachedAt).toBe(T0 + 42 * SECOND);
    expect(fast.capReachedAt).toBe(T0 + MINUTE);
    const slow = forecastUsage(estimate(200, { ...small, othersNet: 50 }), 90);
    expect(slow.sleepAtReachedAt).toBeUndefined();
  });

  it('forecasts nothing from unknown usage', () => {
    expect(forecastUsage(new UsageEstimator().estimateAt(T0), 90)).toEqual({ known: false, perMinute: 0 });
  });

  describe('from the usage estimate', () => {
    /** Readings a minute apart, the others' count moving by `risePerMinute` each time. */
    function readings(risePerMinute: number, minutes: number, from = 7_000) {
      const estimator = new UsageEstimator();
      for (let minute = 0; minute <= minutes; minute++) {
        const used = from + risePerMinute * minute;
        estimator.addSample({ used, limit: 10_000, timeframeMinutes: 60, takenAt: T0 + minute * MINUTE });
      }
      return estimator;
    }

    it('forecasts a lasting rise of the others at its rate', () => {
      const now = T0 + 10 * MINUTE;
      const forecast = forecastUsage(readings(100, 10).estimateAt(now), 90);
      expect(forecast.perMinute).toBeGreaterThan(95);
      expect(forecast.perMinute).toBeLessThanOrEqual(100);
      // 8,000 at 10 min, so 9,000 about 10 min later.
      expect(forecast.sleepAtReachedAt).toBeGreaterThanOrEqual(now + 10 * MINUTE);
      expect(forecast.sleepAtReachedAt).toBeLessThan(now + 10.6 * MINUTE);
    });

    it('does not carry a single jump of theirs over the window as a rate', () => {
      const estimator = readings(0, 5);
      estimator.addSample({ used: 7_300, limit: 10_000, timeframeMinutes: 60, takenAt: T0 + 6 * MINUTE });
      const forecast = forecastUsage(estimator.estimateAt(T0 + 6 * MINUTE), 90);
      expect(forecast.perMinute).toBeLessThan(10);
      expect(forecast.sleepAtReachedAt).toBeUndefined();
    });

    it('forecasts nothing for a steady tenant, whatever its count', () => {
      const forecast = forecastUsage(readings(0, 10, 8_800).estimateAt(T0 + 10 * MINUTE), 90);
      expect(Math.abs(forecast.perMinute)).toBeLessThan(1);
      expect(forecast.sleepAtReachedAt).toBeUndefined();
    });

    it('counts our own calls in the total rate', () => {
      const estimator = readings(0, 0);
      for (let call = 0; call < 500; call++) estimator.recordOwnCall(T0 + 1 + call * 600);
      const forecast = forecastUsage(estimator.estimateAt(T0 + 5 * MINUTE), 90);
      expect(forecast.perMinute).toBeCloseTo(100);
      // 7,500 now, so 9,000 at 100 a minute 15 min from now.
      expect(forecast.sleepAtReachedAt).toBe(T0 + 20 * MINUTE);
    });
  });
});
