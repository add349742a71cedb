import { describe, expect, it } from 'vitest';
import { Pacer, pacedRatePerMs } from '../../../electron/core/throttle/pacing';

const MINUTE = 60_000;

describe('pacedRatePerMs', () => {
  it('spreads the gap to the target over the time given, and gives back what leaves the window', () => {
    const perMinute = (input: Partial<Parameters<typeof pacedRatePerMs>[0]>) =>
      pacedRatePerMs({
        used: 8_000,
        target: 8_900,
        closeGapOverMs: 5 * MINUTE,
        ownAging: 0,
        agingSpanMs: 15 * MINUTE,
        othersPerMs: 0,
        unpacedOwnPerMs: 0,
        ...input,
      }) * MINUTE;
    expect(perMinute({})).toBeCloseTo(180);
    expect(perMinute({ ownAging: 450 })).toBeCloseTo(210);
    expect(perMinute({ othersPerMs: 50 / MINUTE, unpacedOwnPerMs: 10 / MINUTE })).toBeCloseTo(120);
    expect(perMinute({ used: 9_000 })).toBe(0);
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
