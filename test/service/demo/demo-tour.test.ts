import { beforeAll, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../support/virtual-clock';
import { defaultThrottleSettings } from '../../../electron/core/settings/throttle-settings';
import { demoWakeGraceSeconds } from '../../../electron/service/demo/demo-settings';
import { demoTenantScale } from '../../../electron/service/demo/demo-tenant';
import { demoTourPhases, startDemoTour, type DemoPhase } from '../../../electron/service/demo/demo-tour';
import { runVirtualDemo, type DemoRun } from './virtual-demo';

const second = 1000;

/** When each phase of the table starts and ends within a lap, in ms. */
const phaseSpan = Object.fromEntries(
  demoTourPhases.map((phase, index) => {
    const from = demoTourPhases.slice(0, index).reduce((sum, before) => sum + before.seconds * second, 0);
    return [phase.name, { from, to: from + phase.seconds * second }];
  }),
) as Record<DemoPhase['name'], { from: number; to: number }>;
const lapMs = phaseSpan.fall.to;

describe('the demo tour schedule', () => {
  it('sets each phase’s level over the phase’s length, in order, and loops', () => {
    const clock = new VirtualClock();
    const start = clock.now();
    const levels: Array<[number, number, number]> = [];
    const tour = startDemoTour({
      clock,
      others: { setBackgroundLevel: (share, rampMs) => levels.push([clock.now() - start, share, rampMs]) },
    });
    expect(tour.current()).toEqual({ phase: 'quiet', lap: 1, startedAt: start, endsAt: start + 20 * second });
    clock.advance(lapMs + 20 * second);
    expect(levels).toEqual([
      [0, 0.4, 20_000],
      [20_000, 0.91, 40_000],
      [60_000, 0.91, 60_000],
      [120_000, 0.4, 40_000],
      [160_000, 0.4, 20_000],
      [180_000, 0.91, 40_000],
    ]);
    expect(tour.current()).toMatchObject({ phase: 'climb', lap: 2, startedAt: start + lapMs + 20 * second });
  });

  it('stops scheduling when stopped', () => {
    const clock = new VirtualClock();
    const levels: number[] = [];
    const tour = startDemoTour({ clock, others: { setBackgroundLevel: (share) => levels.push(share) } });
    tour.stop();
    expect(clock.pendingTimers).toBe(0);
    clock.advance(lapMs);
    expect(levels).toEqual([0.4]);
  });

  it('refuses a table it cannot loop through', () => {
    const clock = new VirtualClock();
    const others = { setBackgroundLevel: () => {} };
    expect(() => startDemoTour({ clock, others, phases: [] })).toThrow(RangeError);
    expect(() => startDemoTour({ clock, others, phases: [{ name: 'quiet', seconds: 0, othersPercent: 10 }] })).toThrow(
      RangeError,
    );
  });
});

/** The transitions of one lap, `at` in ms since the lap began. */
function lapOf(run: DemoRun, lap: number) {
  const from = (lap - 1) * lapMs;
  return run.transitions
    .filter((t) => t.sinceStart >= from && t.sinceStart < from + lapMs)
    .map((t) => ({ mode: t.to.mode, woken: t.to.wokenByUser, cause: t.cause, at: t.sinceStart - from }));
}

describe('the demo tour with the real throttle, in virtual time', () => {
  const wakeAfterMs = 5 * second;
  /** How long a state change may trail the usage that causes it: the poller reads every 3 s near a threshold. */
  const readingLagMs = 5 * second;
  let run: DemoRun;
  beforeAll(async () => {
    run = await runVirtualDemo({ ms: 2 * lapMs, wakeAfterMs });
  });

  it('fits a lap in three minutes, tuned for the thresholds and the tenant it is shown with', () => {
    expect(lapMs).toBeLessThanOrEqual(3 * 60 * second);
    expect(defaultThrottleSettings).toMatchObject({
      slowAtPercent: 75,
      sleepAtPercent: 90,
      resumeBelowPercent: 70,
      criticalStopAtPercent: 98,
    });
    expect(demoTenantScale).toMatchObject({ limit: 1000, timeframeMinutes: 1 });
  });

  it('goes normal -> slowed -> asleep, is woken and put back to sleep, then resumes, lap after lap', () => {
    for (const lap of [1, 2]) {
      const transitions = lapOf(run, lap);
      expect(transitions.map(({ mode, woken, cause }) => [mode, woken, cause])).toEqual([
        ['slowed', false, 'usage'],
        ['asleep', false, 'usage'],
        ['slowed', true, 'wake-up'],
        ['asleep', false, 'wake-expired'],
        ['normal', false, 'usage'],
      ]);
      const [slowed, asleep, woken, backToSleep, resumed] = transitions.map((t) => t.at) as number[];
      expect(slowed).toBeGreaterThanOrEqual(phaseSpan.climb.from);
      expect(asleep).toBeLessThanOrEqual(phaseSpan.climb.to + readingLagMs);
      expect(woken).toBe((asleep as number) + wakeAfterMs);
      expect((backToSleep as number) - (woken as number)).toBeGreaterThanOrEqual(demoWakeGraceSeconds * second);
      expect((backToSleep as number) - (woken as number)).toBeLessThanOrEqual(
        demoWakeGraceSeconds * second + readingLagMs,
      );
      expect(backToSleep).toBeLessThan(phaseSpan.plateau.to);
      expect(resumed).toBeGreaterThanOrEqual(phaseSpan.fall.from);
      expect(resumed).toBeLessThanOrEqual(phaseSpan.fall.to + readingLagMs);
    }
  });

  it('tells the user of each sleep, of the Wake Up that did not hold, and of the resume, every lap', () => {
    expect(run.notices.map((notice) => notice.kind)).toEqual([
      'throttled',
      'back-to-sleep',
      'resumed',
      'throttled',
      'back-to-sleep',
      'resumed',
    ]);
  });

  it('stays clear of the critical stop and of Autotask’s own 429s throughout', () => {
    expect(run.transitions.some((t) => t.to.criticalStopped)).toBe(false);
    expect(run.peakUsed).toBeLessThan(0.97 * demoTenantScale.limit);
    expect(run.refusedByTenant).toBe(0);
  });

  it('keeps the workload’s figures moving: calls answered, held ones refused at the hold limit, none lost', () => {
    const { started, ok, refused, failed, aborted, inFlight } = run.workload;
    expect(ok).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(0);
    expect(failed).toBe(0);
    expect(ok + refused + failed + aborted).toBe(started);
    expect(inFlight).toBe(0);
  });

  it.each([2, 25])(
    'puts a Wake Up pressed %i s into the sleep back to sleep before the plateau ends',
    async (wakeAfter) => {
      const late = await runVirtualDemo({ ms: lapMs, wakeAfterMs: wakeAfter * second });
      const backToSleep = lapOf(late, 1).find((t) => t.cause === 'wake-expired');
      expect(backToSleep?.at).toBeLessThan(phaseSpan.plateau.to);
    },
  );
});
