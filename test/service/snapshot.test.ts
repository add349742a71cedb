import { describe, expect, it } from 'vitest';
import { defaultSettings, type Settings } from '../../electron/core/settings/settings';
import { ThrottleEngine } from '../../electron/core/throttle/engine';
import type { GatewayStats } from '../../electron/gateway';
import type { MonitorSnapshot } from '../../electron/service/monitor';
import { FRESH_READING_MS, snapshotOf, type GatewayFacts } from '../../electron/service/snapshot';
import { VirtualClock } from '../support/virtual-clock';

const settings: Settings = defaultSettings;

/** An engine on virtual time, fed readings of a 10,000 tenant; the Monitor's own facts added around it. */
function tenant() {
  const clock = new VirtualClock();
  const engine = new ThrottleEngine({ clock, settings: settings.throttle });
  const read = (used: number) => engine.addSample({ used, limit: 10_000, timeframeMinutes: 60, takenAt: clock.now() });
  const monitor = (extra: Partial<MonitorSnapshot> = {}): MonitorSnapshot => ({
    ...engine.snapshot(),
    connectionStatus: { health: 'ok', since: clock.now() },
    polling: { pollsSent: 1, extraPolls: 0, failures: 0, pollsInWindow: 1 },
    ...extra,
  });
  const snapshot = (extra: Partial<MonitorSnapshot> = {}, gateway?: GatewayFacts) =>
    snapshotOf({
      at: clock.now(),
      mode: 'live',
      settings,
      secretKeeping: 'memory',
      watching: { monitor: monitor(extra), ...(gateway ? { gateway } : {}) },
    });
  return { clock, engine, read, snapshot };
}

describe('the snapshot', () => {
  it('says usage is unknown, and why, before the first reading', () => {
    const { snapshot } = tenant();
    const { usage, wake, forecast } = snapshot();
    expect(usage).toEqual({ known: false, why: expect.any(String) });
    expect(wake.available).toBe(false);
    expect(forecast).toEqual({ perMinute: 0 });
  });

  it('shows a fresh reading as a reading, the percentage rounded down', () => {
    const { clock, read, snapshot } = tenant();
    read(2_900);
    const { usage, state, thresholds } = snapshot();
    expect(usage).toEqual({
      known: true,
      used: 2_900,
      limit: 10_000,
      timeframeMinutes: 60,
      percent: 29,
      figure: 'reading',
      readingAt: clock.now(),
      readingAgeMs: 0,
    });
    expect(state).toMatchObject({ mode: 'normal', wokenByUser: false, criticalStopped: false });
    expect(thresholds).toEqual({
      slowAtPercent: 75,
      sleepAtPercent: 90,
      resumeBelowPercent: 70,
      criticalStopAtPercent: 98,
    });
  });

  it('calls the figure an estimate once the reading is more than a few seconds old', () => {
    const { clock, read, snapshot } = tenant();
    read(7_499);
    clock.advance(FRESH_READING_MS);
    expect(snapshot().usage).toMatchObject({ figure: 'reading', readingAgeMs: FRESH_READING_MS });
    clock.advance(1);
    expect(snapshot().usage).toMatchObject({ figure: 'estimate', percent: 74 });
  });

  it('offers Wake Up while asleep, with the caution that it may not last', () => {
    const { read, snapshot } = tenant();
    read(9_300);
    const { state, wake } = snapshot();
    expect(state.mode).toBe('asleep');
    expect(state.reason).toMatchObject({ kind: 'asleep', usage: { used: 9_300, limit: 10_000, timeframeMinutes: 60 } });
    expect(wake).toEqual({
      available: true,
      rule:
        'Wake Up lets non-critical calls go again, paced. If usage is still at or above 90% after 2 min, or ' +
        'reaches 98% at any time, the connection goes back to sleep on its own.',
    });
  });

  it('offers no Wake Up past the critical stop, where it would go straight back to sleep', () => {
    const { read, snapshot } = tenant();
    read(9_850);
    const { state, wake } = snapshot();
    expect(state).toMatchObject({ mode: 'asleep', criticalStopped: true });
    expect(wake.available).toBe(false);
  });

  it('shows when the grace of a Wake Up ends, and no Wake Up while woken', () => {
    const { clock, engine, read, snapshot } = tenant();
    read(9_300);
    engine.wakeUp();
    const graceEndsAt = clock.now() + 120_000;
    const { state, wake } = snapshot({ wakeGraceEndsAt: graceEndsAt });
    expect(state.wokenByUser).toBe(true);
    expect(wake).toMatchObject({ available: false, graceEndsAt });
    clock.advance(120_000);
    expect(snapshot({ wakeGraceEndsAt: graceEndsAt }).wake.graceEndsAt).toBeUndefined();
  });

  it('shows the gateway’s calls in all and by integration, and where scripts find it', () => {
    const { snapshot } = tenant();
    const counts = { forwarded: 5, held: 2, refused: 1, failed: 0, inFlight: 1, waiting: 3 };
    const stats: GatewayStats = {
      ...counts,
      // An integration code is whatever a script sends, "__proto__" included.
      byIntegration: JSON.parse(`{"RMM": ${JSON.stringify(counts)}, "__proto__": ${JSON.stringify(counts)}}`),
    };
    const { gateway } = snapshot({}, { baseUrl: 'http://127.0.0.1:4866/ATServicesRest/', stats });
    expect(gateway).toEqual({
      ...counts,
      baseUrl: 'http://127.0.0.1:4866/ATServicesRest/',
      byIntegration: stats.byIntegration,
    });
    expect(Object.keys(gateway.byIntegration)).toEqual(['RMM', '__proto__']);
    expect(JSON.parse(JSON.stringify(gateway)).byIntegration['__proto__']).toEqual(counts);
  });

  it('shows no gateway address while none is listening', () => {
    const { snapshot } = tenant();
    expect(snapshot().gateway).toEqual({
      forwarded: 0,
      held: 0,
      refused: 0,
      failed: 0,
      inFlight: 0,
      waiting: 0,
      byIntegration: {},
    });
  });

  it('says why nothing is watched, and holds nothing', () => {
    const why = 'No API secret is stored for api@example.com: enter it in the connection settings.';
    const snapshot = snapshotOf({
      at: 5,
      mode: 'live',
      settings,
      secretKeeping: 'none',
      watching: { idle: { why, since: 1, health: 'auth-failed' } },
    });
    expect(snapshot.usage).toEqual({ known: false, why });
    // No secret stored: the UI asks for one.
    expect(snapshot.secretKeeping).toBe('none');
    expect(snapshot.state).toEqual({
      mode: 'normal',
      reason: { kind: 'not-watching', why },
      since: 1,
      wokenByUser: false,
      criticalStopped: false,
    });
    expect(snapshot.connection).toEqual({ health: 'auth-failed', lastError: why, since: 1 });
    expect(snapshot.wake.available).toBe(false);
    expect(snapshot.gateway.baseUrl).toBeUndefined();
  });
});
