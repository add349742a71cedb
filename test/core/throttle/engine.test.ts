import { describe, expect, it } from 'vitest';
import { InvalidSampleError } from '../../../electron/core/throttle/engine';
import { START, throttleFixture } from './fixture';

const MINUTE = 60_000;

describe('ThrottleEngine', () => {
  it('turns samples into transitions, with the reason in words', () => {
    const { sample, transitions, engine, clock } = throttleFixture();
    sample(5_000);
    clock.advance(MINUTE);
    sample(9_120);
    expect(engine.state.mode).toBe('asleep');
    expect(transitions.map((t) => [t.from.mode, t.to.mode, t.cause])).toEqual([['normal', 'asleep', 'usage']]);
    expect(engine.state.reason).toBe(
      'Tenant usage 9,120 / 10,000 (91%) in the last 60 min: reached 90%, non-critical calls wait until it falls below 70%',
    );
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
    expect(estimate.known && estimate.ownSinceSample).toBe(2);
  });

  it('gives a snapshot with the estimate, the forecast and the queues', () => {
    const { sample, engine, clock, call } = throttleFixture();
    sample(8_000);
    clock.advance(MINUTE);
    sample(8_100);
    call('background', MINUTE);
    const snapshot = engine.snapshot();
    expect(snapshot.state.mode).toBe('slowed');
    expect(snapshot.estimate.known).toBe(true);
    expect(snapshot.forecast.known && snapshot.forecast.perMinute).toBeCloseTo(100);
    expect(snapshot.forecast.sleepAtReachedAt).toBe(START + MINUTE + 9 * MINUTE);
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
    expect(before.reason).toBe('Tenant usage 5,000 / 10,000 (50%) in the last 60 min');
    expect(transitions.at(-1)?.from.reason).toBe('Tenant usage 5,003 / 10,000 (50%) in the last 60 min');
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
});
