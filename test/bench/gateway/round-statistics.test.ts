import { describe, expect, it } from 'vitest';
import { meanWithInterval, ratioWithInterval, tQuantile975, verdict } from './round-statistics';

describe("the overhead bench's judgement over its rounds", () => {
  it('gives the textbook 95% interval of a mean', () => {
    // mean 3, standard error sqrt(2.5 / 5), t(4) = 2.776
    const { mean, low, high } = meanWithInterval([1, 2, 3, 4, 5]);
    expect(mean).toBe(3);
    expect(low).toBeCloseTo(3 - 2.776 * Math.sqrt(0.5), 6);
    expect(high).toBeCloseTo(3 + 2.776 * Math.sqrt(0.5), 6);
  });

  it('averages ratios so that half and double cancel out', () => {
    expect(ratioWithInterval([0.5, 2]).mean).toBeCloseTo(1, 9);
    expect(ratioWithInterval([0.8, 1.25, 1]).mean).toBeCloseTo(1, 9);
  });

  it('calls a target met or missed only when the whole interval is on one side', () => {
    const clearlyFaster = ratioWithInterval([0.7, 0.72, 0.69, 0.71, 0.7]);
    const clearlySlower = ratioWithInterval([1.3, 1.28, 1.31, 1.29, 1.3]);
    const even = ratioWithInterval([0.9, 1.1, 0.95, 1.05, 1.02, 0.98]);
    expect(verdict(clearlyFaster, { below: 1 })).toBe('met');
    expect(verdict(clearlySlower, { below: 1 })).toBe('missed');
    expect(verdict(even, { below: 1 })).toBe('not resolved');
    expect(verdict(clearlyFaster, { atLeast: 1 })).toBe('missed');
    expect(verdict(clearlySlower, { atLeast: 1 })).toBe('met');
    expect(verdict(even, { atLeast: 1 })).toBe('not resolved');
  });

  it('does not call a noisy mean on the right side of the target met', () => {
    const addedMs = meanWithInterval([-30, 12, -5, 8, -20, 10]);
    expect(addedMs.mean).toBeLessThan(2);
    expect(verdict(addedMs, { below: 2 })).toBe('not resolved');
  });

  it('knows t beyond its table', () => {
    expect(tQuantile975(11)).toBe(2.201);
    expect(tQuantile975(40)).toBeCloseTo(2.021, 3);
    expect(tQuantile975(1000)).toBeCloseTo(1.962, 3);
  });

  it('refuses to judge no rounds at all', () => {
    expect(() => meanWithInterval([])).toThrow('at least one value');
  });
});
