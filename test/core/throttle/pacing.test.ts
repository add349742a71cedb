import { describe, expect, it } from 'vitest';
import { Pacer, pacedRatePerMs } from '../../../electron/core/throttle/pacing';

const MINUTE = 60_000;

describe('pacedRatePerMs', () => {
  const perMinute = (rate: number) => rate * MINUTE;
  const horizonMs = 15 * MINUTE;
  const farCeiling = () => 1_000_000;

  it('follows the pace towards the target when the ceiling is far', () => {
    for (const towards of [180, 12, 0]) {
      const rate = pacedRatePerMs({ towardsTarget: towards / MINUTE, roomUnderCeiling: farCeiling, horizonMs });
      expect(perMinute(rate)).toBeCloseTo(towards);
    }
  });

  it('never goes faster than keeps the room under the ceiling at every horizon', () => {
    // 300 calls of room now; more from 5 min on, as a burst of ours from an hour ago leaves the window.
    const room = (aheadMs: number) => 300 + Math.max(0, aheadMs - 5 * MINUTE) * (400 / MINUTE);
    const rate = pacedRatePerMs({ towardsTarget: 180 / MINUTE, roomUnderCeiling: room, horizonMs });
    // At 15 min there would be room for 283 a minute, but the lull at 5 min allows only 60.
    expect(room(horizonMs) / horizonMs).toBeGreaterThan(180 / MINUTE);
    expect(perMinute(rate)).toBeCloseTo(60);
    for (let aheadMs = MINUTE; aheadMs <= horizonMs; aheadMs += MINUTE) {
      expect(rate * aheadMs).toBeLessThanOrEqual(room(aheadMs) + 1e-9);
    }
  });

  it('caps by the tightest horizon, wherever it falls', () => {
    // Room that shrinks: the others' arrivals outrun what leaves until 10 min ahead, then it recovers.
    const room = (aheadMs: number) =>
      aheadMs <= 10 * MINUTE ? 500 - aheadMs * (20 / MINUTE) : 300 + (aheadMs - 10 * MINUTE) * (100 / MINUTE);
    const rate = pacedRatePerMs({ towardsTarget: 180 / MINUTE, roomUnderCeiling: room, horizonMs });
    expect(perMinute(rate)).toBeCloseTo(30);
  });

  it('scales to a 1-minute window', () => {
    const second = 1_000;
    // 300 / 1 min: 6 calls of room now, 2 more a second after 5 s; the plan looks 15 s ahead.
    const room = (aheadMs: number) => 6 + (Math.max(0, aheadMs - 5 * second) * 2) / second;
    const rate = pacedRatePerMs({ towardsTarget: 3 / second, roomUnderCeiling: room, horizonMs: 15 * second });
    expect(rate * second).toBeCloseTo(6 / 5);
    expect(pacedRatePerMs({ towardsTarget: 1 / second, roomUnderCeiling: room, horizonMs: 15 * second })).toBe(
      1 / second,
    );
  });

  it('looking a window ahead, counts only what it releases before the next plan against room that shrinks later', () => {
    // The others' count climbs: the room under the ceiling shrinks from 900 now to 60 an hour ahead.
    const windowMs = 60 * MINUTE;
    const room = (aheadMs: number) => 900 - (840 * aheadMs) / windowMs;
    const keptForMs = 6 * MINUTE;
    const rate = pacedRatePerMs({
      towardsTarget: 180 / MINUTE,
      roomUnderCeiling: room,
      horizonMs: windowMs,
      keptForMs,
    });
    // What goes before the plan is redone stays in the window to the end: it must fit the room left an hour on.
    expect(rate * keptForMs).toBeCloseTo(60);
    // Carried on all the way, the same pace would need the whole window's worth of room.
    expect(pacedRatePerMs({ towardsTarget: 180 / MINUTE, roomUnderCeiling: room, horizonMs: windowMs })).toBeCloseTo(
      60 / windowMs,
    );
  });

  it('is never negative: over the target, or with no room under the ceiling, it stops', () => {
    expect(pacedRatePerMs({ towardsTarget: -50 / MINUTE, roomUnderCeiling: farCeiling, horizonMs })).toBe(0);
    expect(pacedRatePerMs({ towardsTarget: 180 / MINUTE, roomUnderCeiling: () => -40, horizonMs })).toBe(0);
    const lullBelowZero = (aheadMs: number) => (aheadMs <= 3 * MINUTE ? -1 : 5_000);
    expect(pacedRatePerMs({ towardsTarget: 180 / MINUTE, roomUnderCeiling: lullBelowZero, horizonMs })).toBe(0);
  });
});

describe('Pacer', () => {
  it('hands out calls at its rate, never more than one after a pause', () => {
    const pacer = new Pacer();
    pacer.setRate(2 / MINUTE, 0);
    expect(pacer.tryTake(0)).toBe(false);
    expect(pacer.nextTokenAt(0)).toBe(30_000);
    expect(pacer.tryTake(30_000)).toBe(true);
    expect(pacer.tryTake(30_000)).toBe(false);
    expect(pacer.tryTake(10 * MINUTE)).toBe(true);
    expect(pacer.tryTake(10 * MINUTE)).toBe(false);
  });

  it('stops at rate zero and forgets its plan on reset', () => {
    const pacer = new Pacer();
    pacer.setRate(0, 0);
    expect(pacer.nextTokenAt(MINUTE)).toBeUndefined();
    expect(pacer.planned).toBe(true);
    pacer.reset();
    expect(pacer.planned).toBe(false);
    expect(pacer.rate).toBe(0);
  });
});
