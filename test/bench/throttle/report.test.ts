import { describe, expect, it } from 'vitest';
import type { LoadFit } from './fit';
import { figures, markdownReport, missedTargets, type PolicyRow, type ScenarioResults } from './report';
import type { Scenario } from './scenarios';

const scenario: Scenario = {
  name: 'bursts',
  summary: 'Bursts',
  hours: 1,
  seed: 1,
  othersPerHour: () => 0,
  streams: [],
  marks: [0, 1_000],
};
const fit = (fits: boolean): LoadFit => ({ fits, rise: 0, peak: 0, othersAlone429: 0 });
const row = (overrides: Partial<PolicyRow>): PolicyRow => ({
  id: 'headroom',
  policy: 'Headroom',
  upstream429: 0,
  criticalHeld: 0,
  criticalDelayP99Ms: 0,
  nonCriticalDone: 100,
  upstream429Ours: 0,
  criticalHeldWithRoom: 0,
  resumeDelayMs: undefined,
  resumeDelayOpen: false,
  diagnostics: {},
  nonCriticalBound: 100,
  fit: fit(true),
  ...overrides,
});

describe('the burst-by-burst 429s', () => {
  it('go into the JSON figures of a scenario with marks, and nowhere else', () => {
    const json = figures([
      { scenario, rows: [row({ upstream429: 12, upstream429BySpan: [10, 2] })] },
      { scenario: { ...scenario, name: 'plain', marks: undefined }, rows: [row({})] },
    ]);
    expect(json.bursts?.headroom?.upstream429BySpan).toEqual([10, 2]);
    expect(json.plain?.headroom).not.toHaveProperty('upstream429BySpan');
  });

  it("are printed under the scenario's table for Headroom, the main seed first, then each reseed", () => {
    const results: ScenarioResults[] = [
      {
        scenario,
        rows: [row({ upstream429BySpan: [1_200, 3] }), row({ id: 'no-throttling', upstream429BySpan: [9, 9] })],
      },
    ];
    const reseeded: ScenarioResults[] = [
      {
        scenario,
        rows: [row({ seed: 101, upstream429BySpan: [800, 0] }), row({ seed: 102, upstream429BySpan: [7, 1] })],
      },
    ];
    expect(markdownReport(results, reseeded, 1, [])).toContain(
      'Upstream 429s burst by burst: Headroom 1,200, 3; with other seeds, seed 101: 800, 0; seed 102: 7, 1.',
    );
  });
});

describe('missedTargets', () => {
  it("holds a scenario whose others' load fits to no 429, no critical call held and 90% of the bound", () => {
    const misses = missedTargets([{ scenario, rows: [row({ upstream429: 3, criticalHeld: 1, nonCriticalDone: 89 })] }]);
    expect(misses).toEqual([
      'bursts: 3 upstream 429s',
      'bursts: 1 critical call held',
      'bursts: non-critical work under 90% of the bound',
    ]);
  });

  it('holds one that does not fit to no critical call held with room and a resume within one reading, not to its 429s', () => {
    const notFit = { fit: fit(false), upstream429: 3, criticalHeld: 1, nonCriticalDone: 10 };
    expect(missedTargets([{ scenario, rows: [row(notFit)] }])).toEqual([]);
    expect(
      missedTargets([{ scenario, rows: [row({ ...notFit, criticalHeldWithRoom: 2, resumeDelayMs: 31_000 })] }]),
    ).toEqual(['bursts: 2 critical calls held with room', 'bursts: resume delay 31 s, over 30 s']);
  });
});
