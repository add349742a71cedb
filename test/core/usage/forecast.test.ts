import { describe, expect, it } from 'vitest';
import { UsageEstimator } from '../../../electron/core/usage/estimate';
import { forecastUsage } from '../../../electron/core/usage/forecast';

const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
const MINUTE = 60_000;

/** An estimate right after two readings a minute apart: the others moving by `perMinute`. */
function estimateAfter(first: number, perMinute: number, ownCalls = 0) {
  const estimator = new UsageEstimator();
  estimator.addSample({ used: first, limit: 10_000, timeframeMinutes: 60, takenAt: T0 });
  if (ownCalls > 0) estimator.recordOwnCall(T0 + 1, ownCalls);
  estimator.addSample({
    used: first + perMinute + ownCalls,
    limit: 10_000,
    timeframeMinutes: 60,
    takenAt: T0 + MINUTE,
  });
  return estimator.estimateAt(T0 + MINUTE);
}

describe('forecastUsage', () => {
  it('says when sleepAt and the cap would be reached at the current total rate', () => {
    const forecast = forecastUsage(estimateAfter(8_000, 100), 90);
    expect(forecast.known).toBe(true);
    expect(forecast.perMinute).toBeCloseTo(100);
    expect(forecast.sleepAtReachedAt).toBe(T0 + MINUTE + 9 * MINUTE);
    expect(forecast.capReachedAt).toBe(T0 + MINUTE + 19 * MINUTE);
  });

  it('counts our own calls in the total rate', () => {
    const forecast = forecastUsage(estimateAfter(8_000, 0, 100), 90);
    expect(forecast.perMinute).toBeGreaterThan(0);
    expect(forecast.sleepAtReachedAt).toBeDefined();
  });

  it('says "not at this rate" when the rate is flat or falling', () => {
    for (const perMinute of [0, -50]) {
      const forecast = forecastUsage(estimateAfter(8_000, perMinute), 90);
      expect(forecast.sleepAtReachedAt).toBeUndefined();
      expect(forecast.capReachedAt).toBeUndefined();
    }
  });

  it('says "not at this rate" when getting there would take longer than the window itself', () => {
    const forecast = forecastUsage(estimateAfter(1_000, 50), 90);
    expect(forecast.sleepAtReachedAt).toBeUndefined();
    expect(forecast.capReachedAt).toBeUndefined();
  });

  it('says "now" for a level already reached', () => {
    const forecast = forecastUsage(estimateAfter(9_200, 0), 90);
    expect(forecast.sleepAtReachedAt).toBe(T0 + MINUTE);
    expect(forecast.capReachedAt).toBeUndefined();
  });

  it('forecasts nothing from unknown usage', () => {
    expect(forecastUsage(new UsageEstimator().estimateAt(T0), 90)).toEqual({ known: false, perMinute: 0 });
  });
});
