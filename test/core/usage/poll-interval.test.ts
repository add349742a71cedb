import { describe, expect, it } from 'vitest';
import { defaultThrottleSettings } from '../../../electron/core/settings/throttle-settings';
import { pollingBounds, pollIntervalMs, watchedThresholds } from '../../../electron/core/usage/poll-interval';

const thresholdsPercent = watchedThresholds(defaultThrottleSettings);
const autotask = { limit: 10_000, timeframeMinutes: 60 };
const bigOneMinute = { limit: 10_000, timeframeMinutes: 1 };
const testTenant = { limit: 300, timeframeMinutes: 1 };

function intervalAt(tenant: { limit: number; timeframeMinutes: number }, share: number, perMinute?: number): number {
  return pollIntervalMs({ ...tenant, used: share * tenant.limit, thresholdsPercent, perMinute });
}

describe('pollIntervalMs', () => {
  it('far from every threshold polls once per 1/30 of the window, whatever its length', () => {
    expect(intervalAt(autotask, 0.2)).toBe(120_000);
    expect(intervalAt(bigOneMinute, 0.2)).toBe(2_000);
  });

  it('near a threshold polls once per 1/120 of the window', () => {
    expect(intervalAt(autotask, 0.89)).toBe(30_000);
    expect(intervalAt(bigOneMinute, 0.89)).toBe(500);
    // Past the highest threshold (criticalStopAt) is as close as it gets.
    expect(intervalAt(autotask, 1.05)).toBe(30_000);
  });

  it('watches a 300-per-minute tenant as closely as its limit can pay for: 1.5 polls a window far, 6 near', () => {
    expect(intervalAt(testTenant, 0.2)).toBe(40_000);
    expect(intervalAt(testTenant, 0.89)).toBe(10_000);
  });

  it('shortens the interval step by step as usage nears a threshold', () => {
    const intervals = [0.2, 0.55, 0.6, 0.65, 0.68].map((share) => intervalAt(autotask, share));
    // 65% is 5 points below resumeBelow (70%), 3/13 of the way from "near" (2 points) to "far" (15 points).
    expect(intervals).toEqual([120_000, 120_000, 85_385, 50_769, 30_000]);
  });

  it('polls faster far from thresholds when usage is rising fast enough to reach one soon', () => {
    // 40% -> resumeBelow 70%: 3,000 requests at 750/min is 4 min away, and 4 polls before it means one a minute.
    expect(intervalAt(autotask, 0.4, 750)).toBe(60_000);
    expect(intervalAt(autotask, 0.4, 20)).toBe(120_000);
    expect(intervalAt(autotask, 0.4, -500)).toBe(120_000);
    // Never faster than the fastest, however steep the rise.
    expect(intervalAt(autotask, 0.4, 1_000_000)).toBe(30_000);
  });

  it('refuses input it cannot scale by, naming the field', () => {
    expect(() => pollIntervalMs({ limit: 0, timeframeMinutes: 60, used: 0, thresholdsPercent })).toThrow(
      'limit must be a positive number, got 0',
    );
    expect(() => pollIntervalMs({ limit: 100, timeframeMinutes: Number.NaN, used: 0, thresholdsPercent })).toThrow(
      'timeframeMinutes must be a positive number, got NaN',
    );
    expect(() => pollIntervalMs({ limit: 100, timeframeMinutes: 60, used: -1, thresholdsPercent })).toThrow(
      'used must be a number >= 0, got -1',
    );
  });
});

describe('pollingBounds', () => {
  it("on Autotask's 10,000 / 60 min: 30 s at the fastest, 2 min far, 72 s between extra polls, 15 min to go stale", () => {
    expect(pollingBounds(autotask)).toEqual({
      fastestMs: 30_000,
      slowestMs: 120_000,
      sampleGoodForMs: 900_000,
    });
  });

  it('on a 300 / 1 min tenant the budget sets the pace, and a sample is never trusted for longer than the window', () => {
    expect(pollingBounds(testTenant)).toEqual({
      fastestMs: 10_000,
      slowestMs: 40_000,
      sampleGoodForMs: 60_000,
    });
  });
});

describe('watchedThresholds', () => {
  it('watches every line the controller changes state at', () => {
    expect(watchedThresholds(defaultThrottleSettings)).toEqual([75, 90, 70, 98]);
  });
});
