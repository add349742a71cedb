import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../electron/simulator/seeded-random';

describe('seededRandom', () => {
  it('repeats its sequence for the same seed and differs for another', () => {
    const sequence = (seed: number) => Array.from({ length: 5 }, seededRandom(seed));
    expect(sequence(42)).toEqual(sequence(42));
    expect(sequence(42)).not.toEqual(sequence(43));
    expect(sequence(42).every((n) => n >= 0 && n < 1)).toBe(true);
  });
});
