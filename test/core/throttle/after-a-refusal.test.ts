import { describe, expect, it } from 'vitest';
import { defaultThrottleSettings } from '../../../electron/core/settings/throttle-settings';
import { ThrottleController } from '../../../electron/core/throttle/controller';
import { decide } from '../../../electron/core/throttle/decide';
import type { KnownEstimate, UsageEstimate } from '../../../electron/core/usage/estimate';
import { VirtualClock } from '../../support/virtual-clock';
import { START, throttleFixture } from './fixture';
import { knownEstimate } from './known-estimate';

const SECOND = 1_000;
const MINUTE = 60_000;
function est(used: number, at: number, readingAt = at): KnownEstimate {
  return knownEstimate(used, { at, reading: { kind: 'sample', at: readingAt } });
}
function ctl() {
  const clock = new VirtualClock(START);
  let usage: UsageEstimate = est(5_000, START);
  const controller = new ThrottleController({
    clock,
    settings: defaultThrottleSettings,
    usage: () => usage,
  });
  const set = (used: number, readingAt = clock.now()) => {
    usage = est(used, clock.now(), readingAt);
    controller.evaluate();
  };
  return { clock, controller, set };
}

/** What a refusal from Autotask must not break: each of these was a defect found in review. */
describe('after a refusal', () => {
  it('a 429 during a sleep usage caused still ends it only below resumeBelow', () => {
    const { clock, controller, set } = ctl();
    set(9_500);
    expect(controller.state.mode).toBe('asleep');
    clock.advance(10 * SECOND);
    controller.reportUpstreamRejection({ kind: 'rate-limited', retryAfterMs: 60 * SECOND });
    clock.advance(70 * SECOND);
    set(8_000);
    expect(controller.state.mode).toBe('asleep');
  });

  it('a call refused in the same millisecond as the reading it followed is taken back', () => {
    const { sample, engine, call, clock } = throttleFixture();
    sample(5_000);
    const sentAt = clock.now();
    expect(call('normal').decision?.go).toBe(true);
    const e1 = engine.snapshot().estimate;
    expect(e1.known && e1.ownSinceReading).toBe(1);
    engine.reportUpstreamRejection({ kind: 'thread-limit', retryAfterMs: 5 * SECOND, sentAt });
    const e2 = engine.snapshot().estimate;
    expect(e2.known && e2.ownSinceReading).toBe(0);
  });

  it('an estimate just under sleepAt does not read as at it', () => {
    const d = decide({
      mode: 'slowed',
      wokenByUser: false,
      criticalStopped: false,
      sleepOrigin: undefined,
      rejection: undefined,
      graceEndsAt: undefined,
      usage: est(8_999.6, START),
      settings: defaultThrottleSettings,
      now: START,
      trigger: 'usage',
    });
    expect(d.mode).toBe('slowed');
    // Quoted in whole calls, rounded down: 8,999, which the words give as 89%.
    expect(d.reason).toMatchObject({ kind: 'slowed', usage: { used: 8_999 } });
  });

  it('a thread-limit answer at the critical stop keeps the critical stop', () => {
    const { controller, set } = ctl();
    set(9_850);
    expect(controller.state.criticalStopped).toBe(true);
    controller.reportUpstreamRejection({ kind: 'thread-limit', retryAfterMs: 30 * SECOND });
    expect(controller.state.criticalStopped).toBe(true);
  });

  it('a 429 that a later reading contradicts leaves no phantom burst to drop the estimate a window later', () => {
    const { sample, engine, clock } = throttleFixture();
    sample(5_000);
    clock.advance(30 * SECOND);
    engine.reportUpstreamRejection({ kind: 'rate-limited', retryAfterMs: 30 * SECOND });
    clock.advance(90 * SECOND);
    const lows: string[] = [];
    // a sample every 2 min for 3 hours, always 5,000; look every 10 s in between
    for (let t = 0; t < 180 * 60; t += 10) {
      if (t % 120 === 0) sample(5_000);
      const e = engine.snapshot().estimate;
      if (e.known && e.worstCase < 4_000)
        lows.push(
          `${((clock.now() - START) / MINUTE).toFixed(2)}min used=${e.used.toFixed(0)} worst=${e.worstCase.toFixed(0)}`,
        );
      clock.advance(10 * SECOND);
    }
    expect(lows).toEqual([]);
  });

  it('Wake Up during a 429 sleep does not let it resume on the 429’s own figure', () => {
    const { sample, engine, clock } = throttleFixture();
    sample(6_000);
    clock.advance(MINUTE);
    engine.reportUpstreamRejection({ kind: 'rate-limited', retryAfterMs: 30 * SECOND });
    clock.advance(MINUTE);
    engine.wakeUp();
    clock.advance(40 * MINUTE);
    // Any evaluation (here, settings applied again) finds no reading taken after the 429: still asleep.
    engine.updateSettings(engine.settings);
    expect(engine.state.mode).toBe('asleep');
  });
});
