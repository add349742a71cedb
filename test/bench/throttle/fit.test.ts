import { describe, expect, it } from 'vitest';
import { loadFit } from './fit';
import type { Call, Workload } from './workload';

const HOUR = 3_600_000;
const levels = { limit: 10_000, sleepAt: 9_000, criticalStopAt: 9_800 };

/** Two hours after an hour of history: the others send one request a second, plus `extra` at given run seconds. */
function workload(extra: Record<number, number>, calls: Call[] = []): Workload {
  const history = HOUR / 1000;
  const othersPerSecond = new Int32Array(history + 2 * history).fill(1);
  for (const [second, count] of Object.entries(extra)) othersPerSecond[history + Number(second)] = 1 + count;
  return { durationMs: 2 * HOUR, windowMs: HOUR, othersPerSecond, calls };
}

describe('loadFit', () => {
  it('lets a burst that fits between sleepAt and criticalStopAt fit', () => {
    const fit = loadFit(workload({ 1_800: 700 }), levels);
    expect(fit.rise).toBe(700);
    expect(fit.peak).toBe(3_600 + 700);
    expect(fit.fits).toBe(true);
    expect(fit.othersAlone429).toBe(0);
  });

  it('does not let a burst of more than criticalStopAt - sleepAt within five minutes fit', () => {
    // 450 + 450 four minutes apart: each fits on its own, together they rise 900 within five minutes.
    expect(loadFit(workload({ 1_800: 450, 2_040: 450 }), levels)).toMatchObject({ rise: 900, fits: false });
    // Ten minutes apart they are two bursts, each of which fits.
    expect(loadFit(workload({ 1_800: 450, 2_400: 450 }), levels)).toMatchObject({ rise: 450, fits: true });
  });

  it('counts our critical calls with the others, and nothing else of ours', () => {
    const at = (second: number, priority: Call['priority'], index: number): Call => ({
      index,
      priority,
      stream: 0,
      wantedAt: second * 1000,
    });
    const calls = [
      ...Array.from({ length: 200 }, (_, i) => at(1_810, 'critical', i)),
      ...Array.from({ length: 5_000 }, (_, i) => at(1_810, 'background', 200 + i)),
    ];
    expect(loadFit(workload({ 1_800: 700 }, calls), levels)).toMatchObject({ rise: 900, fits: false });
  });

  it('does not fit when the others alone reach criticalStopAt, and counts what the tenant would refuse them', () => {
    const fit = loadFit(workload({ 1_800: 7_000 }), levels);
    expect(fit.fits).toBe(false);
    expect(fit.peak).toBe(3_600 + 7_000);
    // When the 7,001 of that second came, the window held the 3,599 of the seconds before it (one a second; the one
    // of exactly an hour before has just left): the tenant took what fits under 10,000 and refused the rest. After
    // that, one request a second arrives as one leaves, and none is refused.
    expect(fit.othersAlone429).toBe(7_001 - (10_000 - 3_599));
  });
});
