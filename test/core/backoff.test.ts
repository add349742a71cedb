import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../electron/core/backoff';
import { seededRandom } from '../../electron/simulator/seeded-random';

describe('backoffDelay', () => {
  const policy = { baseMs: 500, maxMs: 30_000 };

  it('doubles the step with each attempt and never exceeds the ceiling', () => {
    expect(backoffDelay(0, policy, () => 1)).toBe(500);
    expect(backoffDelay(3, policy, () => 1)).toBe(4000);
    expect(backoffDelay(30, policy, () => 1)).toBe(30_000);
  });

  it('spreads clients across the upper half of the step, so retries do not arrive together', () => {
    const random = seededRandom(7);
    const delays = Array.from({ length: 200 }, () => backoffDelay(4, policy, random));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(4000);
    expect(Math.max(...delays)).toBeLessThanOrEqual(8000);
    expect(new Set(delays).size).toBeGreaterThan(150);
  });
});
