import { describe, expect, it } from 'vitest';
import { InvalidSampleError } from '../../../electron/core/throttle/engine';
import { START, throttleFixture } from './fixture';

const SECOND = 1_000;
const MINUTE = 60_000;

describe('ThrottleEngine', () => {
  it('turns samples into transitions, with the reason and its figures', () => {
    const { sample, transitions, engine, clock } = throttleFixture();
    sample(5_000);
    clock.advance(MINUTE);
    sample(9_120);
    expect(engine.state.mode).toBe('asleep');
    expect(transitions.map((t) => [t.from.mode, t.to.mode, t.cause])).toEqual([['normal', 'asleep', 'usage']]);
    expect(engine.state.reason).toEqual({
      kind: 'asleep',
      usage: { used: 9_120, limit: 10_000, timeframeMinutes: 60 },
      sleepAtPercent: 90,
      resumeBelowPercent: 70,
    });
  });

  it('counts our own calls, the monitor’s polls included, between samples', () => {
    const { sample, engine, clock } = throttleFixture();
    sample(7_495);
    for (let n = 0; n < 5; n++) engine.recordOwnCall();
    expect(engine.state.mode).toBe('slowed');
    clock.advance(MINUTE);
    engine.recordOwnCall(clock.now() - 30_000);
    const estimate = engine.snapshot().estimate;
    expect(estimate.known && estimate.used).toBe(7_501);
  });

  it('counts a released call as one of ours at once', () => {
    const { sample, engine, call } = throttleFixture();
    sample(1_000);
    call('normal');
    call('critical');
    const estimate = engine.snapshot().estimate;
    expect(estimate.known && estimate.ownSinceReading).toBe(2);
  });

  it('gives a snapshot with the estimate, the forecast and the queues', () => {
    const { sample, engine, clock, call } = throttleFixture();
    // The others' count rises by 100 a minute, reading after reading: a lasting rise, forecast at its rate.
    for (let minute = 0; minute <= 10; minute++) {
      sample(7_000 + 100 * minute);
      if (minute < 10) clock.advance(MINUTE);
    }
    call('background', MINUTE);
    const snapshot = engine.snapshot();
    const now = START + 10 * MINUTE;
    expect(snapshot.state.mode).toBe('slowed');
    expect(snapshot.estimate.known && snapshot.estimate.used).toBeCloseTo(8_000, 0);
    expect(snapshot.forecast.perMinute).toBeGreaterThan(95);
    expect(snapshot.forecast.perMinute).toBeLessThanOrEqual(100);
    expect(snapshot.forecast.sleepAtReachedAt).toBeGreaterThanOrEqual(now + 10 * MINUTE);
    expect(snapshot.forecast.sleepAtReachedAt).toBeLessThan(now + 10.6 * MINUTE);
    expect(snapshot.connection).toBe('ok');
    expect(snapshot.freshSamplesRequested).toBe(0);
    expect(snapshot.waiting.background + snapshot.waiting.normal + snapshot.waiting.critical).toBeLessThanOrEqual(1);
  });

  it('takes new settings at once', () => {
    const { sample, engine, transitions } = throttleFixture();
    sample(8_000);
    engine.updateSettings({ ...engine.settings, sleepAtPercent: 80, slowAtPercent: 70, resumeBelowPercent: 60 });
    expect(engine.state.mode).toBe('asleep');
    expect(transitions.at(-1)?.cause).toBe('settings');
  });

  it('refuses a sample it cannot trust, naming the field', () => {
    const { engine } = throttleFixture();
    expect(() => engine.addSample({ used: Number.NaN, limit: 10_000, timeframeMinutes: 60, takenAt: START })).toThrow(
      new InvalidSampleError('Usage sample field "used" must be a count of 0 or more (got NaN).'),
    );
    expect(() => engine.addSample({ used: 5, limit: 0, timeframeMinutes: 60, takenAt: START })).toThrow(
      'Usage sample field "limit" must be a limit above 0 (got 0).',
    );
    expect(() => engine.addSample({ used: 5, limit: 10, timeframeMinutes: -1, takenAt: START })).toThrow(
      'Usage sample field "timeframeMinutes" must be a window of more than 0 minutes (got -1).',
    );
    expect(() =>
      engine.addSample({ used: 5, limit: 10, timeframeMinutes: 1, takenAt: START, requestedAt: Number.NaN }),
    ).toThrow('Usage sample field "requestedAt" must be a clock time (got NaN).');
    expect(engine.snapshot().estimate.known).toBe(false);
  });

  it('gives the state and count the gateway shows on every answer, and no count before the first reading', () => {
    const { sample, engine } = throttleFixture();
    expect(engine.figures()).toEqual({ mode: 'normal', wokenByUser: false });
    sample(7_495);
    for (let n = 0; n < 5; n++) engine.recordOwnCall();
    expect(engine.figures()).toEqual({
      mode: 'slowed',
      wokenByUser: false,
      used: 7_500,
      limit: 10_000,
      timeframeMinutes: 60,
    });
  });

  it('keeps the words of each state as they were when it was decided', () => {
    const { sample, engine, transitions, clock } = throttleFixture();
    sample(5_000);
    const before = engine.state;
    for (let n = 0; n < 3; n++) engine.recordOwnCall();
    clock.advance(MINUTE);
    sample(9_120);
    expect(before.reason).toEqual({ kind: 'normal', usage: { used: 5_000, limit: 10_000, timeframeMinutes: 60 } });
    expect(transitions.at(-1)?.from.reason).toEqual({
      kind: 'normal',
      usage: { used: 5_003, limit: 10_000, timeframeMinutes: 60 },
    });
    expect({ ...engine.state }.reason).toBe(engine.state.reason);
  });

  it('stops every timer on close', () => {
    const { sample, engine, clock, call } = throttleFixture();
    sample(9_300);
    engine.wakeUp();
    engine.reportUpstreamRejection({ kind: 'rate-limited', retryAfterMs: MINUTE });
    call('normal', 10 * MINUTE);
    engine.close();
    expect(clock.pendingTimers).toBe(0);
  });

  describe('upstream rejections', () => {
    /** Autotask's 10,000 per 60 min, and a tenant of 300 per 1-minute window where a whole "hour" is a minute. */
    const scales = [
      { name: '10,000 / 60 min', limit: 10_000, minutes: 60 },
      { name: '300 / 1 min', limit: 300, minutes: 1 },
    ] as const;
    /** A span of time as a share of the window: the same story at either scale. */
    const windowShare = (minutes: number, share: number) => Math.round(minutes * MINUTE * share);

    it.each(scales)('take a refused call back off our count: Autotask did not count it ($name)', (scale) => {
      const { sample, engine, clock, call } = throttleFixture();
      const used = (estimate = engine.snapshot().estimate) => (estimate.known ? estimate.used : Number.NaN);
      const ownSince = () => {
        const estimate = engine.snapshot().estimate;
        return estimate.known ? estimate.ownSinceReading : Number.NaN;
      };
      sample(scale.limit / 2, scale.limit, scale.minutes);
      clock.advance(SECOND);
      const sentAt = clock.now();
      for (let n = 0; n < 3; n++) expect(call('normal').decision?.go).toBe(true);
      expect(ownSince()).toBe(3);
      clock.advance(SECOND);
      const before = used();

      engine.reportUpstreamRejection({ kind: 'thread-limit', retryAfterMs: 5 * SECOND, sentAt });
      expect(ownSince()).toBe(2);
      expect(before - used()).toBeCloseTo(1, 6);

      // A refusal of a call we never booked, or at a time we made none, takes nothing back.
      engine.reportUpstreamRejection({ kind: 'thread-limit', retryAfterMs: 5 * SECOND });
      engine.reportUpstreamRejection({ kind: 'thread-limit', retryAfterMs: 5 * SECOND, sentAt: sentAt - 1 });
      expect(ownSince()).toBe(2);
    });

    it.each(scales)(
      'take a 429 for the hourly limit as a reading at the limit, falling only as calls leave the window ($name)',
      (scale) => {
        const { sample, engine, clock } = throttleFixture();
        const estimate = () => {
          const value = engine.snapshot().estimate;
          if (!value.known) throw new Error(`usage unknown: ${value.why}`);
          return value;
        };
        // 60% of the limit, read once: spread evenly over the window before, so a sixth of it leaves every sixth.
        sample(scale.limit * 0.6, scale.limit, scale.minutes);
        clock.advance(windowShare(scale.minutes, 1 / 6));
        const rejectedAt = clock.now();
        engine.reportUpstreamRejection({ kind: 'rate-limited', retryAfterMs: windowShare(scale.minutes, 1 / 60) });
        expect(estimate()).toMatchObject({ used: scale.limit, reading: { kind: 'rejection', at: rejectedAt } });
        expect(engine.state).toMatchObject({ mode: 'asleep', criticalStopped: true });

        // A third of the window later, the calls of a third of the window before the first reading have left: a
        // third of its 60%. The others' rate (a tenth of the limit per sixth of the window) is not projected on top,
        // or the count would still read the limit.
        clock.advance(windowShare(scale.minutes, 1 / 3));
        const later = estimate();
        expect(later.reading).toEqual({ kind: 'rejection', at: rejectedAt });
        expect(later.used).toBeLessThan(scale.limit);
        expect(later.used).toBeCloseTo(scale.limit - scale.limit * 0.6 * (1 / 3), 6);
        expect(later.othersPerMinute).toBeGreaterThan(0);
        expect(engine.state.mode).toBe('asleep');
      },
    );

    it.each(scales)('ask for a fresh reading once Retry-After is over ($name)', (scale) => {
      const { sample, engine, clock, freshRequests } = throttleFixture();
      sample(scale.limit / 2, scale.limit, scale.minutes);
      clock.advance(windowShare(scale.minutes, 1 / 12));
      const retryAfterMs = windowShare(scale.minutes, 1 / 60);
      const retryAt = clock.now() + retryAfterMs;
      engine.reportUpstreamRejection({ kind: 'rate-limited', retryAfterMs });
      clock.advanceTo(retryAt - 1);
      expect(freshRequests).toEqual([]);
      expect(engine.state.backoffUntil).toBe(retryAt);
      clock.advanceTo(retryAt);
      expect(freshRequests).toEqual([retryAt]);
      expect(engine.state.mode).toBe('asleep');
      expect(engine.state.reason).toEqual({ kind: 'rejected-awaiting-reading', rejection: 'rate-limited' });
    });

    it.each([
      { ...scales[0], used: 5_000, mode: 'normal', reason: { kind: 'normal', usage: { used: 5_001 } } },
      { ...scales[0], used: 8_000, mode: 'slowed', reason: { kind: 'slowed', slowAtPercent: 75 } },
      { ...scales[0], used: 9_300, mode: 'asleep', reason: { kind: 'asleep', resumeBelowPercent: 70 } },
      { ...scales[1], used: 150, mode: 'normal', reason: { kind: 'normal', usage: { used: 151, limit: 300 } } },
      {
        ...scales[1],
        used: 280,
        mode: 'asleep',
        reason: { kind: 'asleep', usage: { used: 280, limit: 300, timeframeMinutes: 1 }, sleepAtPercent: 90 },
      },
    ] as const)(
      // Where the sample lets a call go, the normal call held since the 429 goes at once and counts: "5,001".
      'stay asleep until a sample requested after the 429, then follow it ($name, $used: $mode)',
      ({ limit, minutes, used, mode, reason }) => {
        const { sample, engine, clock, transitions, call } = throttleFixture();
        sample(limit / 2, limit, minutes);
        const firstAt = clock.now();
        clock.advance(windowShare(minutes, 1 / 12));
        const retryAfterMs = windowShare(minutes, 1 / 60);
        engine.reportUpstreamRejection({ kind: 'rate-limited', retryAfterMs });
        const rejectedAt = clock.now();
        clock.advance(retryAfterMs + SECOND);
        const sleeping = transitions.length;

        // Asked for before the 429, answered after it: what the 429 contradicted.
        engine.addSample({
          used: limit / 2,
          limit,
          timeframeMinutes: minutes,
          takenAt: clock.now(),
          requestedAt: firstAt + 1,
        });
        engine.addSample({
          used: limit / 2,
          limit,
          timeframeMinutes: minutes,
          takenAt: clock.now(),
          requestedAt: rejectedAt - 1,
        });
        expect(engine.state).toMatchObject({ mode: 'asleep', criticalStopped: true });
        expect(transitions.slice(sleeping).filter((t) => t.to.mode !== 'asleep')).toEqual([]);
        const held = call('normal', MINUTE);
        expect(held.decision).toBeUndefined();

        const requestedAt = clock.now();
        clock.advance(200);
        engine.addSample({ used, limit, timeframeMinutes: minutes, takenAt: clock.now(), requestedAt });
        expect(engine.state.mode).toBe(mode);
        expect(engine.state.reason).toMatchObject(reason);
        expect(engine.state.criticalStopped).toBe(false);
        expect(engine.snapshot().estimate.reading).toEqual({ kind: 'sample', at: requestedAt });
        expect(call('critical').decision?.go).toBe(true);
        if (mode === 'normal') expect(held.decision?.go).toBe(true);
      },
    );
  });
});
