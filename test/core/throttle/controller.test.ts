import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../support/virtual-clock';
import { defaultThrottleSettings, type ThrottleSettings } from '../../../electron/core/settings/throttle-settings';
import { ThrottleController } from '../../../electron/core/throttle/controller';
import { throttleNews } from '../../../electron/core/notify/throttle-news';
import type { ThrottleTransition } from '../../../electron/core/throttle/state';
import type { ReadingInfo, UsageEstimate } from '../../../electron/core/usage/estimate';
import { START } from './fixture';
import { knownEstimate } from './known-estimate';

const SECOND = 1_000;
const MINUTE = 60_000;
/** The figures a reason quotes for a tenant of 10,000 calls an hour. */
const tenant = (used: number) => ({ used, limit: 10_000, timeframeMinutes: 60 });

/** A controller whose usage the test sets directly, on a virtual clock. */
function controllerWith(settings: Partial<ThrottleSettings> = {}) {
  const clock = new VirtualClock(START);
  let usage: UsageEstimate = { known: false, at: START, why: 'waiting for the first reading of the tenant’s counter' };
  const backoffsOver: number[] = [];
  const controller = new ThrottleController({
    clock,
    settings: { ...defaultThrottleSettings, ...settings },
    usage: () => usage,
    onBackoffOver: () => backoffsOver.push(clock.now()),
  });
  const transitions: ThrottleTransition[] = [];
  controller.onTransition((transition) => transitions.push(transition));
  /** Usage from a reading of the counter taken now (or at `reading.at`), then an evaluation. */
  const setUsage = (used: number, limit = 10_000, reading: ReadingInfo = { kind: 'sample', at: clock.now() }) => {
    usage = knownEstimate(used, { at: clock.now(), limit, reading });
    controller.evaluate();
  };
  return {
    clock,
    controller,
    transitions,
    backoffsOver,
    setUsage,
    setUnknown: (why: string) => (usage = { known: false, at: clock.now(), why }),
  };
}

describe('ThrottleController', () => {
  it('starts normal, saying that usage is not known yet, without announcing a transition', () => {
    const { controller, transitions } = controllerWith();
    expect(controller.state).toMatchObject({ mode: 'normal', wokenByUser: false, criticalStopped: false });
    expect(controller.state.reason).toEqual({
      kind: 'unknown',
      why: 'waiting for the first reading of the tenant’s counter',
    });
    expect(transitions).toEqual([]);
  });

  it('stays normal below slowAt and says the usage in words', () => {
    const { controller, setUsage, transitions } = controllerWith();
    setUsage(4_120);
    expect(controller.state.mode).toBe('normal');
    expect(controller.state.reason).toEqual({ kind: 'normal', usage: tenant(4_120) });
    expect(transitions).toEqual([]);
  });

  it('slows at slowAt, a share of the live limit, not of 10,000', () => {
    const { controller, setUsage, transitions } = controllerWith();
    setUsage(3_749, 5_000);
    expect(controller.state.mode).toBe('normal');
    setUsage(3_750, 5_000);
    expect(controller.state.mode).toBe('slowed');
    expect(controller.state.reason).toEqual({
      kind: 'slowed',
      usage: { used: 3_750, limit: 5_000, timeframeMinutes: 60 },
      slowAtPercent: 75,
    });
    expect(transitions).toHaveLength(1);
    expect(transitions[0]).toMatchObject({
      from: { mode: 'normal' },
      to: { mode: 'slowed' },
      cause: 'usage',
      at: START,
    });
  });

  it('returns from slowed to normal only below slowAt minus the hysteresis band', () => {
    const { controller, setUsage } = controllerWith({ slowAtPercent: 75, hysteresisPercent: 3 });
    setUsage(7_600);
    setUsage(7_400);
    expect(controller.state.mode).toBe('slowed');
    setUsage(7_200);
    expect(controller.state.mode).toBe('slowed');
    setUsage(7_199);
    expect(controller.state.mode).toBe('normal');
  });

  it('falls asleep at sleepAt and says until when non-critical calls wait', () => {
    const { controller, setUsage, transitions } = controllerWith();
    setUsage(9_120);
    expect(controller.state.mode).toBe('asleep');
    expect(controller.state.reason).toEqual({
      kind: 'asleep',
      usage: tenant(9_120),
      sleepAtPercent: 90,
      resumeBelowPercent: 70,
    });
    expect(transitions.at(-1)).toMatchObject({ from: { mode: 'normal' }, to: { mode: 'asleep' }, cause: 'usage' });
  });

  it('never shows a rounded-up percentage that reads as a threshold not yet reached', () => {
    const { controller, setUsage } = controllerWith();
    setUsage(8_999);
    expect(controller.state.mode).toBe('slowed');
    expect(controller.state.reason).toEqual({ kind: 'slowed', usage: tenant(8_999), slowAtPercent: 75 });
  });

  it('wakes on its own only below resumeBelow, and only with autoResume', () => {
    const { controller, setUsage, transitions } = controllerWith();
    setUsage(9_200);
    setUsage(7_000);
    expect(controller.state.mode).toBe('asleep');
    setUsage(6_999);
    expect(controller.state.mode).toBe('normal');
    expect(transitions.at(-1)).toMatchObject({ from: { mode: 'asleep' }, to: { mode: 'normal' }, cause: 'usage' });

    const manual = controllerWith({ autoResume: false });
    manual.setUsage(9_200);
    manual.setUsage(1_000);
    expect(manual.controller.state.mode).toBe('asleep');
    expect(manual.controller.state.reason).toEqual({ kind: 'asleep', usage: tenant(1_000), sleepAtPercent: 90 });
  });

  it('marks the critical stop, and says that every call waits, critical ones too', () => {
    const { controller, setUsage, transitions } = controllerWith();
    setUsage(9_800);
    expect(controller.state).toMatchObject({ mode: 'asleep', criticalStopped: true });
    expect(controller.state.reason).toEqual({ kind: 'critical-stop', usage: tenant(9_800), criticalStopAtPercent: 98 });
    // Held critical calls drain one by one at the line: no transition for each.
    for (const used of [9_799, 9_800, 9_790, 9_800, 9_750]) setUsage(used);
    expect(controller.state.criticalStopped).toBe(true);
    setUsage(9_699);
    expect(controller.state).toMatchObject({ mode: 'asleep', criticalStopped: false });
    expect(transitions.map((t) => t.to.criticalStopped)).toEqual([true, false]);
  });

  it('keeps its mode while usage is unknown, and says why', () => {
    const { controller, setUsage, setUnknown, transitions } = controllerWith();
    setUsage(8_000);
    setUnknown('the last reading is 61 min old, older than the 60-min window');
    controller.evaluate();
    expect(controller.state.mode).toBe('slowed');
    expect(controller.state.reason).toEqual({
      kind: 'unknown',
      why: 'the last reading is 61 min old, older than the 60-min window',
    });
    expect(transitions).toHaveLength(1);
  });

  describe('upstream rejections', () => {
    /** A reading at 5,000 at 09:00, then at 09:00:10 a refusal with Retry-After 60 s (until 09:01:10). */
    function rejectedAfterReading(
      kind: 'rate-limited' | 'thread-limit' = 'rate-limited',
      settings: Partial<ThrottleSettings> = {},
    ) {
      const setup = controllerWith(settings);
      setup.setUsage(5_000);
      setup.clock.advance(10 * SECOND);
      setup.controller.reportUpstreamRejection({ kind, retryAfterMs: 60 * SECOND });
      return { ...setup, rejectedAt: START + 10 * SECOND, retryAt: START + 70 * SECOND };
    }

    it('sleep at once on a 429, back off by Retry-After, and say when they retry', () => {
      const { controller, transitions, rejectedAt, retryAt } = rejectedAfterReading();
      expect(controller.state).toMatchObject({ mode: 'asleep', criticalStopped: true, backoffUntil: retryAt });
      expect(controller.state.reason).toEqual({
        kind: 'rejected',
        rejection: 'rate-limited',
        retryAt: START + 70 * SECOND,
      });
      expect(transitions.at(-1)).toMatchObject({
        from: { mode: 'normal' },
        to: { mode: 'asleep' },
        cause: 'upstream-rejection',
        at: rejectedAt,
      });
      expect(controller.isBackingOff()).toBe(true);
    });

    it('do not resume on the old figures once Retry-After is over: they wait for a fresh reading and ask for one', () => {
      const { clock, controller, transitions, backoffsOver, rejectedAt, retryAt } = rejectedAfterReading();
      const before = transitions.length;
      clock.advanceTo(retryAt - 1);
      expect(backoffsOver).toEqual([]);
      expect(controller.state.backoffUntil).toBe(retryAt);

      clock.advanceTo(retryAt);
      expect(backoffsOver).toEqual([retryAt]);
      expect(controller.isBackingOff()).toBe(false);
      expect(controller.state).toMatchObject({ mode: 'asleep', criticalStopped: true, since: rejectedAt });
      expect(controller.state.backoffUntil).toBeUndefined();
      expect(controller.state.reason).toEqual({ kind: 'rejected-awaiting-reading', rejection: 'rate-limited' });
      expect(transitions.slice(before).filter((t) => t.to.mode !== 'asleep')).toEqual([]);

      clock.advance(5 * MINUTE);
      controller.evaluate();
      expect(controller.state.mode).toBe('asleep');
      expect(backoffsOver).toHaveLength(1);
    });

    it.each([
      [5_000, 'normal', { kind: 'normal', usage: tenant(5_000) }],
      [8_000, 'slowed', { kind: 'slowed', usage: tenant(8_000), slowAtPercent: 75 }],
      [9_300, 'asleep', { kind: 'asleep', usage: tenant(9_300), sleepAtPercent: 90, resumeBelowPercent: 70 }],
    ] as const)(
      'resume only on a reading counted after the rejection, into what it calls for (%i: %s)',
      (used, mode, reason) => {
        const { clock, controller, setUsage, transitions, retryAt } = rejectedAfterReading();
        clock.advanceTo(retryAt + 5 * SECOND);
        expect(controller.state.mode).toBe('asleep');
        setUsage(used);
        expect(controller.state).toMatchObject({ mode, wokenByUser: false, criticalStopped: false, reason });
        expect(transitions.at(-1)).toMatchObject({ from: { mode: 'asleep', criticalStopped: true }, to: { mode } });
      },
    );

    it('once a fresh reading shows sleepAt, stay asleep on usage: resume only below resumeBelow', () => {
      const { clock, controller, setUsage, retryAt } = rejectedAfterReading();
      clock.advanceTo(retryAt + 5 * SECOND);
      setUsage(9_300);
      clock.advance(MINUTE);
      setUsage(8_000);
      expect(controller.state.mode).toBe('asleep');
      expect(controller.state.reason).toEqual({
        kind: 'asleep',
        usage: tenant(8_000),
        sleepAtPercent: 90,
        resumeBelowPercent: 70,
      });
      clock.advance(MINUTE);
      setUsage(6_900);
      expect(controller.state.mode).toBe('normal');
    });

    it('end the sleep on a fresh reading before Retry-After, but still hold calls until it', () => {
      const { clock, controller, setUsage, retryAt } = rejectedAfterReading();
      clock.advance(20 * SECOND);
      setUsage(5_000);
      expect(controller.state.mode).toBe('normal');
      expect(controller.state.backoffUntil).toBe(retryAt);
      expect(controller.isBackingOff()).toBe(true);
      clock.advanceTo(retryAt);
      expect(controller.isBackingOff()).toBe(false);
      expect(controller.state.backoffUntil).toBeUndefined();
      expect(controller.state.mode).toBe('normal');
    });

    it('give no transition, reason or notification on figures the rejection contradicted', () => {
      const { clock, controller, setUsage, transitions, rejectedAt, retryAt } = rejectedAfterReading();
      const before = transitions.length;
      const rejectedReason = controller.state.reason;
      const stale = { kind: 'sample', at: rejectedAt - 5 * SECOND } as const;

      clock.advance(10 * SECOND);
      setUsage(3_000, 10_000, stale);
      controller.evaluate();
      expect(controller.state).toMatchObject({ mode: 'asleep', criticalStopped: true, reason: rejectedReason });
      expect(transitions).toHaveLength(before);

      clock.advanceTo(retryAt + 10 * SECOND);
      setUsage(2_000, 10_000, stale);
      expect(controller.state.mode).toBe('asleep');
      expect(controller.state.reason).toEqual({ kind: 'rejected-awaiting-reading', rejection: 'rate-limited' });
      const later = transitions.slice(before);
      expect(later.filter((t) => t.to.mode !== 'asleep' || 'usage' in t.to.reason)).toEqual([]);
      expect(later.map(throttleNews).filter(Boolean)).toEqual([]);
    });

    it('take a second rejection during the sleep as the one a reading must come after, and extend Retry-After', () => {
      const { clock, controller, setUsage, backoffsOver, rejectedAt } = rejectedAfterReading();
      clock.advance(20 * SECOND);
      controller.reportUpstreamRejection({ kind: 'rate-limited', retryAfterMs: 60 * SECOND });
      const secondRetryAt = START + 90 * SECOND;
      expect(controller.state.backoffUntil).toBe(secondRetryAt);
      expect(controller.state.reason).toEqual({
        kind: 'rejected',
        rejection: 'rate-limited',
        retryAt: START + 90 * SECOND,
      });

      clock.advanceTo(START + 70 * SECOND);
      expect(backoffsOver).toEqual([]);
      expect(controller.isBackingOff()).toBe(true);
      setUsage(4_000, 10_000, { kind: 'sample', at: rejectedAt + 10 * SECOND });
      expect(controller.state.mode).toBe('asleep');

      clock.advanceTo(secondRetryAt);
      expect(backoffsOver).toEqual([secondRetryAt]);
      expect(controller.state.mode).toBe('asleep');
      clock.advance(5 * SECOND);
      setUsage(4_000);
      expect(controller.state.mode).toBe('normal');
    });

    it('name the thread limit in words and keep the later of two Retry-Afters', () => {
      const { controller, setUsage } = controllerWith();
      setUsage(5_000);
      controller.reportUpstreamRejection({ kind: 'thread-limit', retryAfterMs: 120_000 });
      controller.reportUpstreamRejection({ kind: 'thread-limit', retryAfterMs: 30_000 });
      expect(controller.state.backoffUntil).toBe(START + 120_000);
      expect(controller.state.reason).toEqual({
        kind: 'rejected',
        rejection: 'thread-limit',
        retryAt: START + 2 * MINUTE,
      });
    });

    it('offer the gate one probe at the Retry-After of a 429 while asleep from it, and none otherwise', () => {
      const { clock, controller, setUsage, retryAt } = rejectedAfterReading();
      expect(controller.probeDueAt).toBe(retryAt);
      clock.advanceTo(retryAt + 30 * SECOND);
      expect(controller.probeDueAt).toBe(retryAt);
      setUsage(5_000);
      expect(controller.probeDueAt).toBeUndefined();

      const thread = rejectedAfterReading('thread-limit');
      expect(thread.controller.state).toMatchObject({ mode: 'asleep', criticalStopped: false });
      expect(thread.controller.probeDueAt).toBeUndefined();

      const critical = controllerWith();
      expect(critical.controller.probeDueAt).toBeUndefined();
      critical.setUsage(9_850);
      expect(critical.controller.state).toMatchObject({ mode: 'asleep', criticalStopped: true });
      expect(critical.controller.probeDueAt).toBeUndefined();
    });

    it('with autoResume off, stay asleep after a fresh reading, awaiting Wake Up', () => {
      const { clock, controller, setUsage, transitions, retryAt } = rejectedAfterReading('rate-limited', {
        autoResume: false,
      });
      clock.advanceTo(retryAt + 5 * SECOND);
      setUsage(5_000);
      expect(controller.state).toMatchObject({ mode: 'asleep', criticalStopped: false });
      expect(controller.state.reason).toEqual({ kind: 'rejected-awaiting-wake', rejection: 'rate-limited' });
      expect(controller.probeDueAt).toBeUndefined();
      expect(transitions.filter((t) => t.from.mode === 'asleep' && t.to.mode !== 'asleep')).toEqual([]);

      clock.advance(10 * MINUTE);
      setUsage(2_000);
      expect(controller.state.mode).toBe('asleep');
      expect(controller.wakeUp()).toBe(true);
      expect(controller.state).toMatchObject({ mode: 'normal', wokenByUser: false });
      expect(transitions.at(-1)).toMatchObject({ from: { mode: 'asleep' }, to: { mode: 'normal' }, cause: 'wake-up' });
    });
  });

  describe('Wake Up', () => {
    it('works only while asleep', () => {
      const { controller, setUsage, transitions } = controllerWith();
      setUsage(8_000);
      expect(controller.wakeUp()).toBe(false);
      expect(transitions).toHaveLength(1);
    });

    it('resumes non-critical calls, paced, and says when it will look again', () => {
      const { controller, setUsage, transitions } = controllerWith();
      setUsage(9_300);
      expect(controller.wakeUp()).toBe(true);
      expect(controller.state).toMatchObject({ mode: 'slowed', wokenByUser: true });
      expect(controller.state.reason).toEqual({
        kind: 'woken',
        usage: tenant(9_300),
        sleepAtPercent: 90,
        graceEndsAt: START + 2 * MINUTE,
      });
      expect(transitions.at(-1)).toMatchObject({ from: { mode: 'asleep' }, to: { mode: 'slowed' }, cause: 'wake-up' });
      expect(controller.wakeUp()).toBe(false);
    });

    it('goes back to sleep when usage is still at or above sleepAt after the grace period, and says why', () => {
      const { clock, controller, setUsage, transitions } = controllerWith({ wakeGraceSeconds: 120 });
      setUsage(9_300);
      controller.wakeUp();
      clock.advance(119_999);
      expect(controller.state.wokenByUser).toBe(true);
      clock.advance(1);
      expect(controller.state).toMatchObject({ mode: 'asleep', wokenByUser: false });
      expect(controller.state.reason).toEqual({
        kind: 'wake-expired-grace',
        usage: tenant(9_300),
        sleepAtPercent: 90,
        graceSeconds: 120,
      });
      expect(transitions.at(-1)).toMatchObject({
        from: { mode: 'slowed' },
        to: { mode: 'asleep' },
        cause: 'wake-expired',
      });
    });

    it('stays awake when usage fell below sleepAt by the end of the grace period, until it reaches sleepAt again', () => {
      const { clock, controller, setUsage, transitions } = controllerWith({ wakeGraceSeconds: 90 });
      setUsage(9_300);
      controller.wakeUp();
      setUsage(8_800);
      clock.advance(90_000);
      expect(controller.state).toMatchObject({ mode: 'slowed', wokenByUser: true });
      expect(controller.state.reason).toEqual({ kind: 'woken-past-grace', usage: tenant(8_800) });
      setUsage(9_000);
      expect(controller.state.mode).toBe('asleep');
      expect(transitions.at(-1)?.cause).toBe('wake-expired');
      expect(controller.state.reason).toEqual({
        kind: 'wake-expired-grace',
        usage: tenant(9_000),
        sleepAtPercent: 90,
        graceSeconds: 90,
      });
    });

    it('goes back to sleep at once when usage reaches criticalStopAt, grace or not', () => {
      const { controller, setUsage, transitions } = controllerWith();
      setUsage(9_300);
      controller.wakeUp();
      setUsage(9_800);
      expect(controller.state).toMatchObject({ mode: 'asleep', wokenByUser: false, criticalStopped: true });
      expect(controller.state.reason).toEqual({
        kind: 'wake-expired-critical',
        usage: tenant(9_800),
        criticalStopAtPercent: 98,
      });
      expect(transitions.at(-1)?.cause).toBe('wake-expired');
    });

    it('ends the override once usage falls below resumeBelow', () => {
      const { controller, setUsage, transitions } = controllerWith();
      setUsage(9_300);
      controller.wakeUp();
      setUsage(6_500);
      expect(controller.state).toMatchObject({ mode: 'normal', wokenByUser: false });
      expect(transitions.at(-1)).toMatchObject({ to: { wokenByUser: false }, cause: 'usage' });
    });

    it('is ended by an upstream rejection', () => {
      const { controller, setUsage } = controllerWith();
      setUsage(9_300);
      controller.wakeUp();
      controller.reportUpstreamRejection({ kind: 'rate-limited', retryAfterMs: 60_000 });
      expect(controller.state).toMatchObject({ mode: 'asleep', wokenByUser: false });
    });
  });

  describe('settings changes', () => {
    it('take effect at once, with cause settings', () => {
      const { controller, setUsage, transitions } = controllerWith();
      setUsage(8_000);
      controller.updateSettings({ ...defaultThrottleSettings, slowAtPercent: 60, sleepAtPercent: 80 });
      expect(controller.state.mode).toBe('asleep');
      expect(transitions.at(-1)).toMatchObject({ from: { mode: 'slowed' }, to: { mode: 'asleep' }, cause: 'settings' });
      controller.updateSettings({
        ...defaultThrottleSettings,
        resumeBelowPercent: 85,
        sleepAtPercent: 95,
        slowAtPercent: 90,
      });
      expect(controller.state.mode).toBe('normal');
      expect(transitions.at(-1)).toMatchObject({ from: { mode: 'asleep' }, to: { mode: 'normal' }, cause: 'settings' });
    });

    it('switching autoResume on resumes a sleep whose usage is already below resumeBelow', () => {
      const { controller, setUsage } = controllerWith({ autoResume: false });
      setUsage(9_500);
      setUsage(5_000);
      expect(controller.state.mode).toBe('asleep');
      controller.updateSettings({ ...defaultThrottleSettings, autoResume: true });
      expect(controller.state.mode).toBe('normal');
    });
  });

  it('keeps telling other listeners when one of them throws', async () => {
    const { controller, setUsage } = controllerWith();
    const heard: string[] = [];
    const failures: unknown[] = [];
    const onError = (error: unknown) => failures.push(error);
    process.on('uncaughtException', onError);
    try {
      controller.onTransition(() => {
        throw new Error('listener bug');
      });
      controller.onTransition((transition) => heard.push(transition.to.mode));
      setUsage(9_500);
      expect(heard).toEqual(['asleep']);
      await new Promise((resolve) => setImmediate(resolve));
      expect(failures).toHaveLength(1);
    } finally {
      process.off('uncaughtException', onError);
    }
  });
});
