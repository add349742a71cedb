import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UsageEstimator, type UsageEstimate } from '../../../electron/core/usage/estimate';
import type { UsageSample } from '../../../electron/core/usage/sample';
import { ModelTenant, scales } from './model-tenant';

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
    for (let n = 0; n < 3; n++) estimator.recordOwnCall(T0 + 200);
    const estimate = known(estimator.estimateAt(T0 + 900));
    expect(estimate.used).toBeCloseTo(4_003, 0);
    expect(estimate.ownSinceReading).toBe(3);
  });

  it('counts a call of ours at once, even when asked about the same moment again', () => {
    const estimator = new UsageEstimator();
    estimator.addSample(sample(4_000, T0));
    expect(known(estimator.estimateAt(T0 + 500)).used).toBeCloseTo(4_000, 0);
    estimator.recordOwnCall(T0 + 500);
    expect(known(estimator.estimateAt(T0 + 500)).used).toBeCloseTo(4_001, 0);
    // A reading that arrives after the call was reported holds it.
    estimator.addSample(sample(6_000, T0 + 500));
    expect(known(estimator.estimateAt(T0 + 500)).used).toBe(6_000);
  });

  it('counts our calls made while the answer was on its way as not in the reading', () => {
    const estimator = new UsageEstimator();
    for (let n = 0; n < 40; n++) estimator.recordOwnCall(T0 + 500);
    estimator.addSample(sample(4_000, T0 + 900, { requestedAt: T0 + 300 }));
    expect(known(estimator.estimateAt(T0 + 900)).used).toBeCloseTo(4_040, 0);
  });

  it('stops counting our calls once they leave the rolling window, instead of overcounting for a window', () => {
    const estimator = new UsageEstimator();
    estimator.addSample(sample(0, T0));
    for (let n = 0; n < 100; n++) estimator.recordOwnCall(T0 + SECOND);
    estimator.addSample(sample(100, T0 + 2 * SECOND));
    expect(known(estimator.estimateAt(T0 + 30 * MINUTE)).used).toBe(100);
    expect(known(estimator.estimateAt(T0 + 60 * MINUTE + 1_500)).used).toBe(0);
  });

  it('takes back a call Autotask refused: it was never counted', () => {
    const estimator = new UsageEstimator();
    estimator.addSample(sample(4_000, T0));
    estimator.recordOwnCall(T0 + SECOND);
    estimator.recordOwnCall(T0 + 2 * SECOND);
    estimator.forgetOwnCall(T0 + 2 * SECOND);
    estimator.forgetOwnCall(T0 + 3 * SECOND); // never sent: nothing to take back
    expect(known(estimator.estimateAt(T0 + 5 * SECOND)).ownSinceReading).toBe(1);
  });

  it('says usage is unknown once the reading is older than the whole window', () => {
    const estimator = new UsageEstimator();
    estimator.addSample(sample(5_000, T0));
    expect(estimator.estimateAt(T0 + 59 * MINUTE).known).toBe(true);
    const stale = estimator.estimateAt(T0 + 61 * MINUTE);
    expect(stale).toMatchObject({ known: false, reading: { kind: 'sample', at: T0 } });
    expect(stale.known === false && stale.why).toBe('the last reading is 61 min old, older than the 60-min window');
    expect(estimator.unknownFrom()).toBe(T0 + 60 * MINUTE);
  });

  it('starts the others’ history over when the limit or the window changes', () => {
    const estimator = new UsageEstimator();
    estimator.addSample(sample(1_000, T0));
    estimator.addSample(sample(4_000, T0 + MINUTE));
    estimator.addSample(sample(120, T0 + 2 * MINUTE, { limit: 300, timeframeMinutes: 1 }));
    const estimate = known(estimator.estimateAt(T0 + 2 * MINUTE));
    expect(estimate).toMatchObject({ used: 120, limit: 300, timeframeMinutes: 1 });
    // The first reading of a window is taken as spread evenly over it: 120 a minute.
    expect(estimate.othersPerMinute).toBeCloseTo(120);
  });

  describe('the others as arrivals minus departures', () => {
    it.each(Object.values(scales))(
      'holds a steady tenant level between readings, at $name',
      ({ limit, windowMs, spacingMs }) => {
        const tenant = new ModelTenant(T0, windowMs);
        const perMs = (limit * 0.5) / windowMs;
        tenant.othersSteady(T0 - windowMs, T0 + 2 * windowMs, perMs);
        const estimator = new UsageEstimator();
        for (let at = T0; at <= T0 + windowMs; at += spacingMs) estimator.addSample(tenant.sample(at, limit));
        const last = T0 + Math.floor(windowMs / spacingMs) * spacingMs;
        const between = known(estimator.estimateAt(last + spacingMs / 2));
        expect(between.used).toBeCloseTo(tenant.used(last + spacingMs / 2), -1);
        expect(between.othersPerMinute).toBeCloseTo(perMs * MINUTE, 0);
        expect(Math.abs(between.othersNetPerMinute)).toBeLessThan(perMs * MINUTE * 0.05);
        expect(between.othersSurgePerMinute).toBe(0);
      },
    );

    it.each(Object.values(scales))(
      'raises the estimate by a burst of the others, not by its rate carried on, at $name',
      ({ limit, windowMs, spacingMs }) => {
        const tenant = new ModelTenant(T0, windowMs);
        const base = (limit * 0.05) / windowMs;
        tenant.othersSteady(T0 - windowMs, T0 + 2 * windowMs, base);
        const burstAt = T0 + 3 * spacingMs + spacingMs / 4;
        tenant.othersBurst(burstAt, Math.round(limit * 0.4), windowMs / 1800);
        const estimator = new UsageEstimator();
        const readUntil = (until: number) => {
          for (let at = T0; at <= until; at += spacingMs) estimator.addSample(tenant.sample(at, limit));
        };
        readUntil(burstAt + 3 * spacingMs);
        const afterBurst = T0 + 6 * spacingMs;
        // Between the readings after the burst, the best guess stays with the tenant's real count ...
        for (let at = afterBurst; at < afterBurst + spacingMs; at += spacingMs / 10) {
          expect(known(estimator.estimateAt(at)).used).toBeLessThan(tenant.used(at) + limit * 0.02);
        }
        // ... the rate expected of the others stays near their base rate, and the burst is remembered as a burst.
        const estimate = known(estimator.estimateAt(afterBurst));
        expect(estimate.othersPerMinute).toBeLessThan(base * MINUTE * 2);
        expect(estimate.othersLargestBurst).toBeGreaterThan(limit * 0.3);
        // One window after it came, the burst leaves the estimate as it leaves the tenant's count.
        const gone = burstAt + windowMs + spacingMs;
        readUntil(gone - spacingMs);
        expect(known(estimator.estimateAt(gone)).used).toBeCloseTo(tenant.used(gone), -1);
        expect(tenant.used(gone)).toBeLessThan(limit * 0.1);
      },
    );

    it.each(Object.values(scales))(
      'follows a lasting rise of the others within a few readings, at $name',
      ({ limit, windowMs, spacingMs }) => {
        const tenant = new ModelTenant(T0, windowMs);
        const base = (limit * 0.3) / windowMs;
        tenant.othersSteady(T0 - windowMs, T0 + 3 * spacingMs, base);
        tenant.othersSteady(T0 + 3 * spacingMs, T0 + 2 * windowMs, 2 * base);
        const estimator = new UsageEstimator();
        const readAt = (n: number) => {
          estimator.addSample(tenant.sample(T0 + n * spacingMs, limit));
          return known(estimator.estimateAt(T0 + n * spacingMs));
        };
        for (let n = 0; n < 6; n++) readAt(n);
        // Three readings after the step, the tenant is seen rising ...
        expect(readAt(6).othersNetPerMinute).toBeGreaterThan(base * MINUTE * 0.3);
        // ... and three more, the others are expected to keep sending at their new rate.
        for (let n = 7; n < 9; n++) readAt(n);
        expect(readAt(9).othersPerMinute).toBeGreaterThan(base * MINUTE * 1.6);
      },
    );

    it.each(Object.values(scales))(
      'keeps a burst booked just before a reading in the worst case until it has surely left, at $name',
      ({ limit, windowMs, spacingMs }) => {
        const tenant = new ModelTenant(T0, windowMs);
        tenant.othersSteady(T0 - windowMs, T0 + 3 * windowMs, (limit * 0.01) / windowMs);
        // 40% of the limit within the last 5% of an interval: the readings cannot tell when in it they came.
        const readingAfter = T0 + 2 * spacingMs;
        tenant.othersBurst(readingAfter - spacingMs / 20, Math.round(limit * 0.4), spacingMs / 20);
        const estimator = new UsageEstimator();
        // Readings go on at their spacing; between two of them, the tenant still counts every call of the burst
        // until one window after each came.
        let worstBelowReal = 0;
        let guessBelowReal = 0;
        for (let at = T0; at < readingAfter + windowMs - spacingMs / 20; at += spacingMs / 10) {
          if ((at - T0) % spacingMs === 0) estimator.addSample(tenant.sample(at, limit));
          const estimate = known(estimator.estimateAt(at));
          worstBelowReal = Math.max(worstBelowReal, tenant.used(at) - estimate.worstCase);
          guessBelowReal = Math.max(guessBelowReal, tenant.used(at) - estimate.used);
        }
        expect(worstBelowReal).toBe(0);
        // The best guess, for the popover, still spreads the burst over the interval it was read in.
        expect(guessBelowReal).toBeGreaterThan(limit * 0.1);
      },
    );

    it('counts a sync job’s burst that a reading cut in two as one burst', () => {
      const tenant = new ModelTenant(T0, 60 * MINUTE);
      tenant.othersSteady(T0 - 60 * MINUTE, T0 + 60 * MINUTE, 3_000 / (60 * MINUTE));
      tenant.othersBurst(T0 + 5 * MINUTE, 1_500, MINUTE);
      const estimator = new UsageEstimator();
      for (let at = T0; at <= T0 + 10 * MINUTE; at += 30 * SECOND) estimator.addSample(tenant.sample(at, 10_000));
      expect(known(estimator.estimateAt(T0 + 10 * MINUTE)).othersLargestBurst).toBeGreaterThan(1_400);
    });

    it.each(Object.values(scales))(
      'sees the others’ count climbing for as long as their rate climbs, and a steady or bursting tenant as not, at $name',
      ({ limit, windowMs, spacingMs }) => {
        // Their rate climbs from 30% to 90% of the limit a window over two windows, then holds.
        const perMs = (at: number) =>
          (limit / windowMs) * (0.3 + 0.6 * Math.min(1, Math.max(0, (at - T0) / (2 * windowMs))));
        const climbing = new ModelTenant(T0, windowMs);
        const stepMs = windowMs / 600;
        let carried = 0;
        for (let at = T0 - windowMs; at < T0 + 4 * windowMs; at += stepMs) {
          const due = perMs(at) * stepMs + carried;
          climbing.othersBurst(at, Math.floor(due), stepMs);
          carried = due - Math.floor(due);
        }
        const steady = new ModelTenant(T0, windowMs);
        steady.othersSteady(T0 - windowMs, T0 + 4 * windowMs, (limit * 0.5) / windowMs);
        steady.othersBurst(T0 + windowMs / 2, Math.round(limit * 0.2), windowMs / 60);
        const onClimb = new UsageEstimator();
        const onSteady = new UsageEstimator();
        const now = T0 + 1.5 * windowMs;
        for (let at = T0; at <= now; at += spacingMs) {
          onClimb.addSample(climbing.sample(at, limit));
          onSteady.addSample(steady.sample(at, limit));
        }
        // Half a window on their count goes on rising by their rate now less their rate one window ago.
        const ahead = windowMs / 2;
        const rise = climbing.used(now + ahead) - climbing.used(now);
        expect(onClimb.othersClimbRise(ahead)).toBeGreaterThan(rise * 0.75);
        expect(onClimb.othersClimbRise(ahead)).toBeLessThan(rise * 1.5);
        expect(onSteady.othersClimbRise(ahead)).toBe(0);
      },
    );

    it('never takes the rate of one interval at full weight, whatever the burst and the spacing', () => {
      fc.assert(
        fc.property(
          fc.constantFrom(...Object.values(scales)),
          fc.double({ min: 0.05, max: 0.4, noNaN: true }),
          fc.double({ min: 0, max: 0.3, noNaN: true }),
          fc.integer({ min: 1, max: 4 }),
          ({ limit, windowMs, spacingMs }, burstShare, baseShare, readingsBefore) => {
            const tenant = new ModelTenant(T0, windowMs);
            const base = (limit * baseShare) / windowMs;
            tenant.othersSteady(T0 - windowMs, T0 + 2 * windowMs, base);
            const burstAt = T0 + readingsBefore * spacingMs + spacingMs / 3;
            tenant.othersBurst(burstAt, Math.round(limit * burstShare), windowMs / 1800);
            const estimator = new UsageEstimator();
            for (let at = T0; at <= burstAt + 4 * spacingMs; at += spacingMs / 2) {
              estimator.addSample(tenant.sample(at, limit));
              const estimate = known(estimator.estimateAt(at + spacingMs / 4));
              // The best guess never runs ahead of the real count by more than counting noise and rounding.
              expect(estimate.used).toBeLessThan(tenant.used(at + spacingMs / 4) + limit * 0.03 + 3);
            }
          },
        ),
        { numRuns: 60 },
      );
    });
  });

  describe('a 429 for the hourly limit', () => {
    it('is a reading at the limit now, overriding older figures', () => {
      const estimator = new UsageEstimator();
      estimator.addSample(sample(6_500, T0));
      estimator.addRejection(T0 + 10 * SECOND);
      const estimate = known(estimator.estimateAt(T0 + 10 * SECOND));
      expect(estimate.used).toBe(10_000);
      expect(estimate.reading).toEqual({ kind: 'rejection', at: T0 + 10 * SECOND });
    });

    it('falls only by known departures, with nothing of the others projected to arrive', () => {
      const tenant = new ModelTenant(T0, MINUTE);
      tenant.othersSteady(T0 - MINUTE, T0 + 3 * MINUTE, 250 / MINUTE);
      const estimator = new UsageEstimator();
      for (let at = T0; at <= T0 + 40 * SECOND; at += 10 * SECOND) estimator.addSample(tenant.sample(at, 300, 1));
      estimator.addRejection(T0 + 45 * SECOND);
      const later = known(estimator.estimateAt(T0 + 75 * SECOND));
      // 30 s of the others' steady 250 a minute have left the window: about 125 fewer, and none come in.
      expect(later.used).toBeGreaterThan(300 - 140);
      expect(later.used).toBeLessThan(300 - 110);
      // The gate still budgets for the others arriving meanwhile.
      expect(later.worstCase).toBeGreaterThan(290);
    });

    it('gives way to the next reading of the counter', () => {
      const estimator = new UsageEstimator();
      estimator.addSample(sample(6_500, T0));
      estimator.addRejection(T0 + 10 * SECOND);
      estimator.addSample(sample(8_900, T0 + 40 * SECOND));
      expect(known(estimator.estimateAt(T0 + 40 * SECOND))).toMatchObject({
        used: 8_900,
        reading: { kind: 'sample' },
      });
    });

    it('is not a reading before the first reading: the limit is not known yet', () => {
      const estimator = new UsageEstimator();
      estimator.addRejection(T0);
      expect(estimator.estimateAt(T0).known).toBe(false);
    });
  });
});
