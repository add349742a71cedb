/**
 * The release plan on its own, with a real estimator and controller on a virtual clock: a tenant of 10,000 calls
 * per 60 minutes at the default settings, so slowAt 7,500, sleepAt 9,000, resumeBelow 7,000 and criticalStopAt
 * 9,800; the ceiling's hard margin is 30 (0.3%) and pacing's soft margin 120 (1.2%).
 */
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../support/virtual-clock';
import { defaultThrottleSettings, type ThrottleSettings } from '../../../electron/core/settings/throttle-settings';
import { ThrottleController } from '../../../electron/core/throttle/controller';
import { ReleasePlan, type Hold, type ReleaseTuning } from '../../../electron/core/throttle/release-plan';
import { UsageEstimator } from '../../../electron/core/usage/estimate';
import { START } from './fixture';

const SECOND = 1_000;
const MINUTE = 60_000;
const WINDOW = 60 * MINUTE;

/** The plan wired as the gate and the engine wire it; `release` plays the gate's loop for non-critical calls. */
function planFixture(settings: Partial<ThrottleSettings> = {}, tuning: Partial<ReleaseTuning> = {}) {
  const clock = new VirtualClock(START);
  const estimator = new UsageEstimator();
  const controller = new ThrottleController({
    clock,
    settings: { ...defaultThrottleSettings, ...settings },
    usage: () => estimator.estimateAt(clock.now()),
  });
  const asked: number[] = [];
  const plan = new ReleasePlan({
    clock,
    controller,
    estimator,
    tuning,
    requestFreshSample: () => asked.push(clock.now()),
  });
  controller.onTransition(() => plan.replan());
  const estimate = () => {
    const usage = estimator.estimateAt(clock.now());
    if (!usage.known) throw new Error(`expected a known estimate, got: ${usage.why}`);
    return usage;
  };
  return {
    clock,
    estimator,
    controller,
    plan,
    /** When fresh readings were asked for. */
    asked,
    estimate,
    /** A reading of the tenant's counter taken now. */
    reading(used: number) {
      estimator.addSample({ used, limit: 10_000, timeframeMinutes: 60, takenAt: clock.now() });
      controller.evaluate();
      plan.onSample();
    },
    /** Releases calls while the plan lets them go, at most `most`; how many went. */
    release(most = Number.POSITIVE_INFINITY) {
      let gone = 0;
      while (gone < most && plan.hold() === undefined) {
        plan.released(clock.now());
        estimator.recordOwnCall(clock.now());
        controller.evaluate();
        gone++;
      }
      return gone;
    },
    /** Our calls in the window now. */
    ours: () => estimator.ownCallsBetween(clock.now() - WINDOW, clock.now()),
  };
}

type PlanFixture = ReturnType<typeof planFixture>;

/**
 * Runs a backlog through the plan for `ms`: calls go whenever it lets them, the counter is read every 2 minutes
 * and 1 s after a fresh reading is asked for, and shows the others' `others` calls plus ours. Gives the count at
 * each reading, and the pace just before it.
 */
function runBacklog(f: PlanFixture, ms: number, others: number): Array<{ at: number; used: number; pace: number }> {
  const end = f.clock.now() + ms;
  const counts: Array<{ at: number; used: number; pace: number }> = [];
  let regular = f.clock.now() + 2 * MINUTE;
  let answered = f.asked.length;
  while (f.clock.now() < end) {
    f.release();
    const hold = f.plan.hold();
    const fresh = f.asked.length > answered ? (f.asked.at(-1) as number) + SECOND : Number.POSITIVE_INFINITY;
    const chance = hold === undefined ? f.clock.now() : (f.plan.nextChance(hold) ?? Number.POSITIVE_INFINITY);
    f.clock.advanceTo(Math.min(chance, regular, fresh, end));
    const now = f.clock.now();
    if (now < regular && now < fresh) continue;
    if (now >= fresh) answered = f.asked.length;
    if (now >= regular) regular += 2 * MINUTE;
    const used = others + f.ours();
    counts.push({ at: now, used, pace: f.plan.pacedPerMinute });
    f.reading(used);
  }
  return counts;
}

describe('ReleasePlan', () => {
  describe('why a call is held, and when it may next go', () => {
    it('asleep: until a Wake Up, looked at again every 30 s while it may resume by itself', () => {
      const f = planFixture();
      f.reading(9_100);
      expect(f.plan.hold()).toBe('asleep');
      // A 120th of the window, when no call of ours leaves it sooner.
      expect(f.plan.nextChance('asleep')).toBe(START + 30 * SECOND);
      f.controller.wakeUp();
      expect(f.plan.hold()).not.toBe('asleep');

      const manual = planFixture({ autoResume: false });
      manual.reading(9_100);
      expect(manual.plan.hold()).toBe('asleep');
      expect(manual.plan.nextChance('asleep')).toBeUndefined();
    });

    it('backoff: until the Retry-After of a refusal has passed, which the controller’s timer tells', () => {
      const f = planFixture();
      f.reading(1_000);
      f.controller.reportUpstreamRejection({ kind: 'thread-limit', retryAfterMs: 30 * SECOND });
      f.clock.advance(SECOND);
      // A reading after the refusal ends the sleep, but not the 30 s Autotask asked for.
      f.reading(1_000);
      expect(f.controller.mode).toBe('normal');
      expect(f.plan.hold()).toBe('backoff');
      expect(f.plan.nextChance('backoff')).toBeUndefined();
      f.clock.advance(29 * SECOND - 1);
      expect(f.plan.hold()).toBe('backoff');
      f.clock.advance(1);
      expect(f.plan.hold()).toBeUndefined();
    });

    it('unknown: before the first reading, once the last is older than the window, and while the counter cannot be read', () => {
      const f = planFixture();
      expect(f.plan.hold()).toBe('unknown');
      expect(f.plan.nextChance('unknown')).toBeUndefined();
      f.reading(1_000);
      expect(f.plan.hold()).toBeUndefined();
      for (const health of ['offline', 'auth-failed'] as const) {
        f.plan.setConnection(health);
        expect(f.plan.blind).toBe(health);
        expect(f.plan.hold()).toBe('unknown');
      }
      // Polls failing while the reading is young enough to steer by: calls go on.
      f.plan.setConnection('degraded');
      expect(f.plan.hold()).toBeUndefined();
      f.clock.advance(WINDOW - 1);
      expect(f.plan.hold()).toBeUndefined();
      f.clock.advance(1);
      expect(f.plan.hold()).toBe('unknown');
    });

    it('critical-stop: a count the readings vouch for at criticalStopAt holds calls, whatever the controller last said', () => {
      const f = planFixture();
      f.reading(9_300);
      f.controller.wakeUp();
      expect(f.plan.hold()).toBe('paced');
      // A reading of 9,850 a second on, which the controller has not looked at yet: the plan does not take its word.
      f.clock.advance(SECOND);
      f.estimator.addSample({ used: 9_850, limit: 10_000, timeframeMinutes: 60, takenAt: f.clock.now() });
      expect(f.plan.hold()).toBe('critical-stop');
      expect(f.plan.nextChance('critical-stop')).toBe(START + 31 * SECOND);
      f.controller.evaluate();
      expect(f.plan.hold()).toBe('asleep');
    });

    it('ceiling: the worst case at the ceiling, looked at again in 30 s or when one of our calls leaves the window', () => {
      // 8,990 read, all of them the others': 150 a minute, whose noise over the window ahead is 2 sqrt(2 x 8,990) =
      // 268. The ceiling is 9,000 - 30 - 268 = 8,702, below the count.
      const f = planFixture();
      f.reading(8_990);
      expect(f.controller.mode).toBe('slowed');
      expect(f.plan.hold()).toBe('ceiling');
      expect(f.plan.nextChance('ceiling')).toBe(START + 30 * SECOND);

      // One call of ours made 59 min 50 s ago leaves the window in 10 s: worth a look then.
      const soon = planFixture();
      soon.estimator.recordOwnCall(START);
      soon.clock.advance(WINDOW - 10 * SECOND);
      soon.reading(8_990);
      expect(soon.plan.hold()).toBe('ceiling');
      expect(soon.plan.nextChance('ceiling')).toBe(START + WINDOW);
    });

    it('paced: above slowAt, one call a token, the next when the next token is due', () => {
      // 7,600 read: the ceiling is 9,000 - 30 - 2 sqrt(2 x 7,600) = 8,723, the target 120 - 30 lower: 8,633.
      // Closing the gap of 1,033 over 5 min would be 207 a minute, but what goes before the plan is redone (6 min)
      // must fit under the ceiling: 1,123 / 6 = 187 a minute, one call every 320 ms.
      const f = planFixture();
      f.reading(7_600);
      expect(f.controller.mode).toBe('slowed');
      expect(f.plan.pacedPerMinute).toBeCloseTo(187.2, 1);
      expect(f.plan.hold()).toBe('paced');
      expect(f.plan.nextChance('paced')).toBe(START + 321);
      expect(f.plan.pacedWaitMs(10)).toBeCloseTo(3_204.5, 0);
      f.clock.advance(320);
      expect(f.plan.hold()).toBe('paced');
      f.clock.advance(1);
      expect(f.release()).toBe(1);
      expect(f.plan.hold()).toBe('paced');
      expect(f.plan.nextChance('paced')).toBe(START + 321 + 321);
    });

    it('keeps room for our calls it does not pace (critical ones, polls), taken to go on at their recent rate', () => {
      // 100 critical calls of ours from 09:01 to 09:03, 20 a minute over the last 5 min; at 09:03 the counter reads
      // 7,600. Going on for the window ahead, until they begin to leave it 58 min on, they would add 1,160: with the
      // others' noise (242) the reserve is 1,400, and the ceiling 9,000 - 30 - 1,400 = 7,570, below the count.
      const f = planFixture();
      f.clock.advance(MINUTE);
      for (let call = 0; call < 100; call++) f.estimator.recordOwnCall(f.clock.now() + call * 1_200);
      f.clock.advance(2 * MINUTE);
      f.reading(7_600);
      expect(f.plan.hold()).toBe('ceiling');
      // The same count with none of ours in it: paced at 187 a minute (above).
      const none = planFixture();
      none.clock.advance(3 * MINUTE);
      none.reading(7_600);
      expect(none.plan.hold()).toBe('paced');
    });

    it('nothing to wait for when nothing holds the call', () => {
      const f = planFixture();
      f.reading(1_000);
      const hold: Hold | undefined = f.plan.hold();
      expect(hold).toBeUndefined();
      expect(f.plan.nextChance(hold)).toBeUndefined();
    });
  });

  describe('below slowAt, at once', () => {
    it('lets calls go at once below slowAt, however old the reading: our own calls are counted exactly', () => {
      const f = planFixture();
      f.reading(1_000);
      f.clock.advance(50 * MINUTE);
      // The worst case has grown by the others' noise only, 2 sqrt(16.7 a minute x 50 min) = 58: 300 calls go.
      expect(f.release(300)).toBe(300);
    });

    it('goes at once up to slowAt, then paces the rest', () => {
      const f = planFixture();
      f.reading(7_300);
      // 200 of room below slowAt: below the 1% floor for asking, 2% for waiting, so all 200 go ...
      expect(f.release()).toBe(200);
      // ... and the next would pass slowAt.
      expect(f.plan.hold()).toBe('paced');
    });

    it('paces calls far below slowAt when the others’ climb would carry the window past the ceiling', () => {
      // Their count rises 150 every 2 min (75 a minute, 4,500 a window) over 14 min, to 5,050. Their arrivals
      // beyond what leaves over the hour ahead take the ceiling down to 5,456, and a call released now would still
      // be in the window when their count has gained 4,500: none goes at once, and the pace is nothing for now.
      const climbing = planFixture();
      for (let reading = 0; reading <= 7; reading++) {
        if (reading > 0) climbing.clock.advance(2 * MINUTE);
        climbing.reading(4_000 + 150 * reading);
      }
      expect(climbing.controller.mode).toBe('normal');
      // (One token left over from the pace before the climb was confirmed.)
      expect(climbing.release()).toBeLessThanOrEqual(1);
      expect(climbing.plan.hold()).toBe('paced');
      expect(climbing.plan.pacedPerMinute).toBe(0);
      expect(climbing.plan.nextChance('paced')).toBeUndefined();

      // The same 5,050 holding steady: a quarter of the 2,450 of room to slowAt goes at once.
      const steady = planFixture();
      for (let reading = 0; reading <= 7; reading++) {
        if (reading > 0) steady.clock.advance(2 * MINUTE);
        steady.reading(5_050);
      }
      expect(steady.release()).toBe(613);
    });
  });

  describe('never blind for long', () => {
    it('asks for a fresh reading once a sixth of the room is spent, and holds calls at a quarter', () => {
      const f = planFixture();
      f.reading(1_000);
      // 6,500 of room to slowAt: a sixth is 1,083.3, a quarter 1,625. The look after 1,084 calls asks ...
      expect(f.release(1_084)).toBe(1_084);
      expect(f.asked).toEqual([]);
      expect(f.release(1)).toBe(1);
      expect(f.asked).toEqual([START]);
      // ... and the one after 1,625 holds.
      expect(f.release()).toBe(1_625 - 1_085);
      expect(f.plan.hold()).toBe('reading');
      expect(f.asked).toHaveLength(1);
      expect(f.plan.freshSamplesRequested).toBe(1);
    });

    it('never asks before 1% of the limit is spent, nor holds before 2%', () => {
      const f = planFixture();
      f.reading(7_100);
      // 400 of room to slowAt: a sixth (67) and a quarter (100) are below the floors of 100 and 200.
      expect(f.release(100)).toBe(100);
      expect(f.asked).toHaveLength(0);
      expect(f.release(1)).toBe(1);
      expect(f.asked).toHaveLength(1);
      expect(f.release()).toBe(200 - 101);
      expect(f.plan.hold()).toBe('reading');
    });

    it('shares the room that opens as our calls leave the window, as if the reading had shown it', () => {
      // 2,000 critical calls of ours at 09:00; at 09:59 the counter reads 3,000 (the others' 1,000 and ours).
      const f = planFixture();
      for (let call = 0; call < 2_000; call++) f.estimator.recordOwnCall(START);
      f.clock.advanceTo(START + 59 * MINUTE);
      f.reading(3_000);
      // At 10:00 ours leave: 6,500 less the others' noise over a minute (2 sqrt(16.7) = 8) of room, not the 4,500
      // the reading showed. A quarter of it goes, 1,623, before calls wait for a fresh reading.
      f.clock.advanceTo(START + WINDOW + 1);
      expect(f.release()).toBe(1_623);
      expect(f.plan.hold()).toBe('reading');
    });

    it('waits at most 5 s for the reading, then goes on from the room left', () => {
      const f = planFixture();
      f.reading(1_000);
      expect(f.release()).toBe(1_625);
      expect(f.plan.nextChance('reading')).toBe(START + 5 * SECOND);
      // 5 s from when calls began to wait, however often they are looked at meanwhile.
      f.clock.advance(2 * SECOND);
      expect(f.plan.hold()).toBe('reading');
      expect(f.plan.nextChance('reading')).toBe(START + 5 * SECOND);
      f.clock.advance(3 * SECOND - 1);
      expect(f.plan.hold()).toBe('reading');
      f.clock.advance(1);
      // The room left: 7,500 - 2,625 - the others' noise over 5 s (2 sqrt(1.4) = 2.4) = 4,872.6. A quarter of it
      // goes (1,218.2), not a quarter of what the old reading showed.
      expect(f.release()).toBe(1_219);
      expect(f.asked).toEqual([START, START + 5 * SECOND]);
      expect(f.plan.hold()).toBe('reading');
    });

    it('goes on from the room the fresh reading shows, with what the others added meanwhile', () => {
      const f = planFixture();
      f.reading(1_000);
      expect(f.release()).toBe(1_625);
      f.clock.advance(SECOND);
      // The others added 600 in that second: 4,275 left to slowAt (not 4,875), a quarter of it 1,069.
      f.reading(1_000 + 1_625 + 600);
      expect(f.release()).toBe(1_069);
      expect(f.asked).toHaveLength(2);
    });

    it('asks for a reading while asleep once the estimate falls below resumeBelow, once, so the connection resumes', () => {
      const f = planFixture();
      // Critical calls of ours, 2,000 at 09:01 and 6,000 at 09:03; at 09:04 the counter reads 9,100: asleep.
      f.clock.advance(MINUTE);
      for (let call = 0; call < 2_000; call++) f.estimator.recordOwnCall(f.clock.now());
      f.clock.advance(2 * MINUTE);
      for (let call = 0; call < 6_000; call++) f.estimator.recordOwnCall(f.clock.now());
      f.clock.advance(MINUTE);
      f.reading(9_100);
      expect(f.plan.hold()).toBe('asleep');
      // Looked at again every 30 s, and when our calls leave the window at 10:01.
      f.clock.advanceTo(START + 60 * MINUTE + 45 * SECOND);
      expect(f.plan.nextChance('asleep')).toBe(START + 61 * MINUTE);
      // The first 2,000 leave: 7,100 is below slowAt but not below resumeBelow, so nothing is asked for.
      f.clock.advanceTo(START + 61 * MINUTE);
      expect(f.estimate().used).toBeCloseTo(7_100);
      expect(f.plan.hold()).toBe('asleep');
      f.clock.advanceTo(START + 63 * MINUTE - 1);
      expect(f.plan.hold()).toBe('asleep');
      expect(f.asked).toHaveLength(0);
      // The rest leave: the estimate falls to the others' 1,100. One reading is asked for, not one a look.
      f.clock.advance(1);
      expect(f.estimate().used).toBeCloseTo(1_100);
      expect(f.plan.hold()).toBe('asleep');
      expect(f.plan.hold()).toBe('asleep');
      expect(f.asked).toEqual([START + 63 * MINUTE]);
      f.clock.advance(SECOND);
      f.reading(1_100);
      expect(f.controller.mode).toBe('normal');
      expect(f.plan.hold()).toBeUndefined();
    });

    it('asks for no reading while asleep without autoResume: only a Wake Up resumes', () => {
      const f = planFixture({ autoResume: false });
      f.clock.advance(MINUTE);
      for (let call = 0; call < 8_000; call++) f.estimator.recordOwnCall(f.clock.now());
      f.clock.advance(MINUTE);
      f.reading(9_100);
      f.clock.advanceTo(START + 61 * MINUTE + 30 * SECOND);
      expect(f.estimate().used).toBeCloseTo(1_100);
      expect(f.plan.hold()).toBe('asleep');
      expect(f.asked).toHaveLength(0);
    });
  });

  describe('room for the others’ bursts', () => {
    /** Their count read at 09:00 and every 2 minutes after, nothing of ours in it. */
    function afterReadings(counts: number[], settings: Partial<ThrottleSettings> = {}): PlanFixture {
      const f = planFixture(settings);
      counts.forEach((count, index) => {
        if (index > 0) f.clock.advance(2 * MINUTE);
        f.reading(count);
      });
      return f;
    }

    it('keeps room for a repeat of their largest burst beyond what fits between sleepAt and criticalStopAt', () => {
      // 700 in 2 min on top of their rate, 668 beyond it and its noise: a repeat fits in the 800 between sleepAt and
      // criticalStopAt, so the ceiling is 9,000 - 30 - 277 (the reserve) = 8,693, above the 8,500 read.
      const small = afterReadings([7_800, 7_800, 8_500]);
      expect(small.estimate().othersLargestBurst).toBeCloseTo(668, 0);
      expect(small.plan.hold()).not.toBe('ceiling');
      // 1,500 in 2 min, 1,470 beyond: a repeat would go 670 past criticalStopAt, so the ceiling is that much lower,
      // 9,000 - 30 - 259 - 670 = 8,041, below the same 8,300.
      const large = afterReadings([6_800, 6_800, 8_300]);
      expect(large.estimate().othersLargestBurst).toBeCloseTo(1_469.9, 1);
      expect(large.plan.hold()).toBe('ceiling');
    });

    it('never holds calls below resumeBelow for a burst: a burst that large is not one our share could make room for', () => {
      // 4,000 in one interval: 3,184 past criticalStopAt, which would put the ceiling at 5,648. It stays at
      // resumeBelow, 7,000: at 6,000 calls go, a quarter of the room to slowAt (375) before a fresh reading.
      const f = afterReadings([2_000, 2_000, 6_000, 6_000]);
      expect(f.estimate().othersLargestBurst).toBeCloseTo(3_983.7, 1);
      expect(f.release()).toBe(375);
      expect(f.plan.hold()).toBe('reading');
      // Where the user's settings resume lower, so does the ceiling: at 50%, 6,000 is past it.
      const lower = afterReadings([2_000, 2_000, 6_000, 6_000], { resumeBelowPercent: 50 });
      expect(lower.plan.hold()).toBe('ceiling');
    });
  });

  describe('pacing', () => {
    it('settles a backlog just under sleepAt, steered by every reading, and keeps it there as our calls leave', () => {
      const f = planFixture();
      f.reading(7_600);
      const counts = runBacklog(f, 3 * WINDOW, 7_600);
      const after = (minutes: number) => counts.filter((count) => count.at - START >= minutes * MINUTE);
      // 187 a minute at first (see above), slowing as the count nears the target, 8,633 at first and rising a
      // little as the reserve shrinks (our calls leaving the window within the hour make room for the others'
      // noise): past 8,600 by 20 min, and under 10 a minute by 30 min.
      const at20 = after(20)[0]?.used ?? 0;
      expect(at20).toBeGreaterThan(8_600);
      expect(at20).toBeLessThan(8_700);
      expect(after(30)[0]?.pace).toBeLessThan(10);
      // Over three hours the count never reaches the ceiling's 8,970, and never falls back far as our calls leave:
      // the pace gives them back.
      expect(Math.max(...counts.map((count) => count.used))).toBeLessThan(8_970);
      expect(Math.min(...after(20).map((count) => count.used))).toBeGreaterThan(8_600);
      expect(f.controller.mode).toBe('slowed');
    });

    it('keeps the target under the ceiling by the others’ surge until the next reading can show whether it goes on', () => {
      // Their count up 300 in 2 min while 253 left: 553 came, 277 a minute against their rate of 127 and its noise
      // (16), a surge of 134 a minute. Over the 2 min to the next reading it may add 268: the target is 268 - 30
      // under the ceiling of 8,696, 8,458, and what goes before the plan is redone must leave room for it:
      // (8,696 - 7,900 - 268 - their rise) / 6 min = 87 a minute.
      const f = planFixture();
      [7_600, 7_600, 7_900].forEach((count, index) => {
        if (index > 0) f.clock.advance(2 * MINUTE);
        f.reading(count);
      });
      expect(f.estimate().othersSurgePerMinute).toBeCloseTo(134.1, 1);
      expect(f.plan.pacedPerMinute).toBeCloseTo(86.7, 1);
    });

    it('re-plans between readings, so our calls that have left the window are not counted as room twice', () => {
      // 1,000 of our calls at 09:00; at 09:59 the counter reads 8,800: paced at 83 a minute, counting on the room
      // they leave at 10:00.
      const f = planFixture();
      for (let call = 0; call < 1_000; call++) f.estimator.recordOwnCall(START);
      f.clock.advanceTo(START + 59 * MINUTE);
      f.reading(8_800);
      expect(f.plan.pacedPerMinute).toBeCloseTo(82.7, 1);
      // Gone, with no reading since: the pace is planned from the 7,800 left, (8,720 - 7,800) / 6 min = 153
      // a minute (as at 7,600 above), within 6 s (a 600th of the window).
      f.clock.advanceTo(START + WINDOW + 6 * SECOND);
      f.plan.hold();
      expect(f.estimate().used).toBeCloseTo(7_800);
      expect(f.plan.pacedPerMinute).toBeCloseTo(153.4, 1);
    });

    it('paces a woken connection at 2% of the limit a window, on towards criticalStopAt less the hard margin', () => {
      const f = planFixture({ wakeGraceSeconds: 60 * 60 });
      f.reading(9_700);
      expect(f.plan.hold()).toBe('asleep');
      f.controller.wakeUp();
      // The target is below sleepAt, so pacing alone would send nothing: the trickle, 200 a window.
      expect(f.plan.pacedPerMinute).toBeCloseTo(200 / 60);
      const counts = runBacklog(f, 40 * MINUTE, 9_700);
      // 3.3 a minute, 6 or 7 between readings, up to 9,733 by 10 min. Near 9,770 the worst case stops them: the
      // others' noise 18 s (a token's wait) after a reading is already 2 sqrt(162 a minute x 0.3 min) = 14, so
      // from then on about one call goes as each reading comes, and the count creeps on towards 9,770.
      expect(counts.every((count) => count.pace === 200 / 60)).toBe(true);
      const at = (minutes: number) => counts.find((count) => count.at - START >= minutes * MINUTE)?.used ?? 0;
      expect(at(10)).toBe(9_733);
      expect(at(40)).toBeGreaterThan(9_760);
      expect(Math.max(...counts.map((count) => count.used))).toBeLessThanOrEqual(9_770);
      // The reading at 40 min has just come: one call goes; by the next token, the ceiling holds the next.
      expect(f.release()).toBe(1);
      expect(f.plan.hold()).toBe('paced');
      f.clock.advanceTo(f.plan.nextChance('paced') ?? Number.POSITIVE_INFINITY);
      expect(f.plan.hold()).toBe('ceiling');
      expect(f.controller.wokenByUser).toBe(true);
    });
  });

  it('takes its tuning from the options, each share overriding its default', () => {
    const f = planFixture({}, { askReadingShare: 1 / 2, awaitReadingShare: 3 / 4, readingWaitMs: SECOND });
    f.reading(1_000);
    // Of the 6,500 of room: a reading asked for after half (3,250), calls held at three quarters (4,875).
    expect(f.release(3_250)).toBe(3_250);
    expect(f.asked).toHaveLength(0);
    expect(f.release()).toBe(4_875 - 3_250);
    expect(f.asked).toHaveLength(1);
    expect(f.plan.nextChance('reading')).toBe(START + SECOND);

    const woken = planFixture({}, { wakeTrickleShare: 0.1 });
    woken.reading(9_300);
    woken.controller.wakeUp();
    expect(woken.plan.pacedPerMinute).toBeCloseTo(1_000 / 60);

    // A soft margin of 5% puts the target 500 - 30 under the ceiling of 8,723: 8,253, so the pace from 7,600 is
    // the gap over 5 min, 653 / 5 = 131 a minute, not the 187 the ceiling allows.
    const soft = planFixture({}, { softMarginShare: 0.05 });
    soft.reading(7_600);
    expect(soft.plan.pacedPerMinute).toBeCloseTo(130.7, 1);
  });
});
