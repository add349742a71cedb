import { describe, expect, it } from 'vitest';
import { UsageEstimator, type UsageEstimate } from '../../../electron/core/usage/estimate';
import type { UsageSample } from '../../../electron/core/usage/sample';

const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
const SECOND = 1000;
const MINUTE = 60 * SECOND;

const sample = (used: number, takenAt: number, extra: Partial<UsageSample> = {}): UsageSample => ({
  used,
  limit: 10_000,
  timeframeMinutes: 60,
  takenAt,
  ...extra,
});

function known(estimate: UsageEstimate) {
  if (!estimate.known) throw new Error(`expected a known estimate, got: ${estimate.why}`);
  return estimate;
}

describe('UsageEstimator', () => {
  it('says usage is unknown before the first reading, never zero', () => {
    const estimator = new UsageEstimator();
    estimator.recordOwnCall(T0);
    expect(estimator.estimateAt(T0 + SECOND)).toEqual({
      known: false,
      at: T0 + SECOND,
      why: 'waiting for the first reading of the tenant’s counter',
    });
  });

  it('starts from the reading and adds each call of ours it does not hold', () => {
    const estimator = new UsageEstimator();
    estimator.recordOwnCall(T0 + 100);
    estimator.addSample(sample(4_000, T0 + 200));
    expect(known(estimator.estimateAt(T0 + 200)).used).toBe(4_000);
    // Released the moment the reading came in, in the same millisecond: not in it.
    estimator.recordOwnCall(T0 + 200, 3);
    const estimate = known(estimator.estimateAt(T0 + 900));
    expect(estimate.used).toBe(4_003);
    expect(estimate.ownSinceSample).toBe(3);
    expect(estimate.worstCase).toBe(4_003);
  });

  it('counts a call of ours at once, even when asked about the same moment again', () => {
    const estimator = new UsageEstimator();
    estimator.addSample(sample(4_000, T0));
    expect(known(estimator.estimateAt(T0 + 500)).used).toBe(4_000);
    estimator.recordOwnCall(T0 + 500);
    expect(known(estimator.estimateAt(T0 + 500)).used).toBe(4_001);
    // A reading that arrives after the call was reported holds it.
    estimator.addSample(sample(6_000, T0 + 500));
    expect(known(estimator.estimateAt(T0 + 500)).used).toBe(6_000);
  });

  it('counts our calls made while the answer was on its way as not in the reading', () => {
    const estimator = new UsageEstimator();
    estimator.recordOwnCall(T0 + 500, 40);
    estimator.addSample(sample(4_000, T0 + 900, { requestedAt: T0 + 300 }));
    expect(known(estimator.estimateAt(T0 + 1_000)).used).toBe(4_040);
  });

  it('stops counting our calls once they leave the rolling window, instead of overcounting for a window', () => {
    const estimator = new UsageEstimator();
    estimator.recordOwnCall(T0, 100);
    estimator.addSample(sample(100, T0 + SECOND));
    estimator.recordOwnCall(T0 + 30 * MINUTE, 20);
    expect(known(estimator.estimateAt(T0 + 59 * MINUTE)).used).toBe(120);
    const later = known(estimator.estimateAt(T0 + 60 * MINUTE + 1));
    expect(later.used).toBe(20);
    expect(later.ownAgedOutSinceSample).toBe(100);
    expect(estimator.ownAgingOut(T0 + 59 * MINUTE, T0 + 61 * MINUTE)).toBe(100);
    expect(estimator.nextOwnAgingAfter(T0 + 10 * MINUTE)).toBe(T0 + 60 * MINUTE);
    expect(estimator.nextOwnAgingAfter(T0 + 61 * MINUTE)).toBe(T0 + 90 * MINUTE);
  });

  it('learns the others’ rate from successive readings, net of our own calls, and extrapolates it', () => {
    const estimator = new UsageEstimator();
    estimator.addSample(sample(1_000, T0));
    estimator.recordOwnCall(T0 + 10 * SECOND, 50);
    estimator.addSample(sample(1_110, T0 + MINUTE));
    const estimate = known(estimator.estimateAt(T0 + MINUTE + 30 * SECOND));
    expect(estimate.othersPerMinute).toBeCloseTo(60);
    expect(estimate.used).toBeCloseTo(1_140);
    expect(estimate.othersInWindow).toBeCloseTo(1_090);
  });

  it('budgets a stale reading on the fastest rate recently seen: the staler, the higher the worst case', () => {
    const estimator = new UsageEstimator();
    estimator.addSample(sample(5_000, T0));
    estimator.addSample(sample(5_300, T0 + MINUTE)); // a burst: 300 a minute
    estimator.addSample(sample(5_300, T0 + 2 * MINUTE)); // then flat
    const fresh = known(estimator.estimateAt(T0 + 2 * MINUTE));
    const stale = known(estimator.estimateAt(T0 + 4 * MINUTE));
    expect(fresh.othersPeakPerMinute).toBeCloseTo(300);
    expect(stale.othersPerMinute).toBeLessThan(300);
    expect(fresh.worstCase).toBe(5_300);
    expect(stale.worstCase).toBeCloseTo(5_300 + 2 * 300);
    expect(stale.worstCase).toBeGreaterThan(stale.used);
  });

  it('tells a surge from counting noise', () => {
    const steady = new UsageEstimator();
    steady.addSample(sample(7_000, T0));
    steady.addSample(sample(7_015, T0 + 30 * SECOND)); // well within the noise of 7,000 calls an hour coming and going
    expect(known(steady.estimateAt(T0 + 30 * SECOND)).othersSurgePerMinute).toBe(
      Math.max(0, known(steady.estimateAt(T0 + 30 * SECOND)).othersPerMinute),
    );
    const storm = new UsageEstimator();
    storm.addSample(sample(3_500, T0));
    storm.addSample(sample(3_600, T0 + 30 * SECOND));
    const estimate = known(storm.estimateAt(T0 + 30 * SECOND));
    expect(estimate.othersSurgePerMinute).toBeGreaterThan(100);
    expect(estimate.othersJumpPerMinute).toBeCloseTo(estimate.othersSurgePerMinute);
  });

  it('does not take two readings a second apart as a rate', () => {
    const estimator = new UsageEstimator();
    estimator.addSample(sample(5_000, T0));
    estimator.addSample(sample(5_004, T0 + SECOND));
    const estimate = known(estimator.estimateAt(T0 + 2 * SECOND));
    expect(estimate.othersPeakPerMinute).toBe(0);
    expect(estimate.used).toBe(5_004);
  });

  it('says usage is unknown once the reading is older than the whole window', () => {
    const estimator = new UsageEstimator();
    estimator.addSample(sample(5_000, T0));
    expect(estimator.estimateAt(T0 + 60 * MINUTE - 1).known).toBe(true);
    expect(estimator.estimateAt(T0 + 60 * MINUTE)).toMatchObject({
      known: false,
      why: 'the last reading is 60 min old, older than the 60-min window',
      sampleAgeMs: 60 * MINUTE,
    });
  });

  it('starts its rates over when the limit or the window changes', () => {
    const estimator = new UsageEstimator();
    estimator.addSample(sample(1_000, T0));
    estimator.addSample(sample(1_600, T0 + MINUTE));
    estimator.addSample(sample(100, T0 + 2 * MINUTE, { limit: 300, timeframeMinutes: 1 }));
    const estimate = known(estimator.estimateAt(T0 + 2 * MINUTE + 10 * SECOND));
    expect(estimate.othersPerMinute).toBe(0);
    expect(estimate.used).toBe(100);
    expect(estimate.limit).toBe(300);
  });

  it('ignores a reading older than the one it has', () => {
    const estimator = new UsageEstimator();
    estimator.addSample(sample(2_000, T0 + MINUTE));
    estimator.addSample(sample(1_000, T0));
    expect(known(estimator.estimateAt(T0 + MINUTE)).used).toBe(2_000);
  });

  it('knows our own net rate', () => {
    const estimator = new UsageEstimator();
    estimator.addSample(sample(0, T0));
    for (let second = 1; second <= 300; second++) estimator.recordOwnCall(T0 + second * SECOND);
    expect(known(estimator.estimateAt(T0 + 5 * MINUTE)).ownPerMinute).toBeCloseTo(60);
  });
});
