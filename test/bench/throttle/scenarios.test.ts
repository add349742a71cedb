import { describe, expect, it } from 'vitest';
import { NoThrottling } from './baselines';
import { loadFit } from './fit';
import { scenarios, type Scenario } from './scenarios';
import { CRITICAL_STOP_AT, LIMIT, SLEEP_AT, simulate } from './simulation';
import { workloadFor } from './workload';

const HOUR = 3_600_000;
const MINUTE = 60_000;
const levels = { limit: LIMIT, sleepAt: SLEEP_AT, criticalStopAt: CRITICAL_STOP_AT };
const named = (name: string): Scenario => {
  const scenario = scenarios.find((s) => s.name === name);
  if (!scenario) throw new Error(`no scenario ${name}`);
  return scenario;
};
/** The seeds the bench runs a scenario with: its own, and the five reseeds throttle.ts derives from it. */
const seedsOf = (scenario: Scenario) => [scenario.seed, ...[1, 2, 3, 4, 5].map((k) => scenario.seed * 100 + k)];
const climbs = ['climb-92-over-2h', 'climb-93-over-4h', 'climb-88-over-1h', 'climb-86-over-3h'];

describe('the climb scenarios', () => {
  it('climb from 30% after 90 min to their peak and hold it to the end, which leaves 1.5 h at the peak', () => {
    const climb = named('climb-92-over-2h');
    expect(climb.hours).toBe(5);
    expect(climb.othersPerHour(-HOUR)).toBe(3_000);
    expect(climb.othersPerHour(90 * MINUTE)).toBe(3_000);
    expect(climb.othersPerHour(150 * MINUTE)).toBe(6_100);
    expect(climb.othersPerHour(210 * MINUTE)).toBe(9_200);
    expect(climb.othersPerHour(5 * HOUR)).toBe(9_200);
  });

  it.each(climbs)("%s: the others' load fits for every seed the bench runs", (name) => {
    const scenario = named(name);
    for (const seed of seedsOf(scenario)) {
      const fit = loadFit(workloadFor({ ...scenario, seed }, HOUR), levels);
      expect({ seed, fits: fit.fits }).toEqual({ seed, fits: true });
    }
  });
});

describe('the sync-bursts scenario', () => {
  const syncBursts = named('sync-bursts');

  it("does not fit (each burst is more than the room above sleepAt) and marks each burst's start", () => {
    expect(loadFit(workloadFor(syncBursts, HOUR), levels).fits).toBe(false);
    expect(syncBursts.marks).toEqual([40, 115, 190, 265].map((minute) => minute * MINUTE));
  });

  it('splits the upstream 429s burst by burst, from each mark to the next and the last to the end', async () => {
    // The others alone, quiet but for 12,000 requests within the minute from 10 min: the tenant refuses about 2,000.
    const scenario: Scenario = {
      ...syncBursts,
      hours: 0.5,
      othersPerHour: (t) => (t >= 10 * MINUTE && t < 11 * MINUTE ? 12_000 * 60 : 0),
      streams: [],
      marks: [0, 10 * MINUTE, 11 * MINUTE],
    };
    const result = await simulate(scenario, workloadFor(scenario, HOUR), new NoThrottling());
    expect(result.upstream429).toBeGreaterThan(1_500);
    expect(result.upstream429BySpan).toEqual([0, result.upstream429, 0]);
  });
});
