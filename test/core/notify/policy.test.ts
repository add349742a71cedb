import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../support/virtual-clock';
import type { Notice } from '../../../electron/core/notify/notice';
import { NotificationPolicy } from '../../../electron/core/notify/policy';
import type { NotificationSettings } from '../../../electron/core/settings/settings';
import type { ThrottleMode, TransitionCause } from '../../../electron/core/throttle/state';
import type { ConnectionHealth } from '../../../electron/core/usage/connection';
import { connectionTransition, throttleState, throttleTransition } from './transitions';

const minute = 60_000;

interface Shown extends Notice {
  at: number;
}

function setup(options: { settings?: Partial<NotificationSettings>; memory?: unknown; clock?: VirtualClock } = {}) {
  const clock = options.clock ?? new VirtualClock();
  const start = clock.now();
  const shown: Shown[] = [];
  const policy = new NotificationPolicy({
    clock,
    settings: { enabled: true, cooldownMinutes: 15, ...options.settings },
    show: (notice) => shown.push({ ...notice, at: clock.now() }),
    memory: options.memory,
  });
  return {
    clock,
    policy,
    shown,
    kinds: () => shown.map((notice) => notice.kind),
    /** Minutes since setup at which each notification was shown. */
    times: () => shown.map((notice) => (notice.at - start) / minute),
    /** Moves the clock to `minutes` after setup, firing any deferred notification on the way. */
    at: (minutes: number) => clock.advanceTo(start + minutes * minute),
    throttle: (from: ThrottleMode, to: ThrottleMode, cause: TransitionCause = 'usage') =>
      policy.onThrottleTransition(throttleTransition(from, to, cause, clock.now())),
    connection: (from: ConnectionHealth, to: ConnectionHealth) =>
      policy.onConnectionTransition(connectionTransition(from, to, clock.now())),
  };
}

describe('NotificationPolicy: when to speak', () => {
  it('says throttling started at once, and only once while it lasts', () => {
    const { throttle, at, kinds, shown } = setup();
    throttle('slowed', 'asleep');
    at(120);
    expect(kinds()).toEqual(['throttled']);
    expect(shown[0]?.title).toBe('Autotask API throttled');
  });

  it('says nothing about slowing down', () => {
    const { throttle, at, kinds } = setup();
    throttle('normal', 'slowed');
    throttle('slowed', 'normal');
    at(60);
    expect(kinds()).toEqual([]);
  });

  it('announces a resume once a cooldown has passed since the last notification', () => {
    const { throttle, at, kinds, times, shown } = setup();
    throttle('slowed', 'asleep');
    at(2);
    throttle('asleep', 'normal');
    at(14.9);
    expect(kinds()).toEqual(['throttled']);
    at(15);
    expect(kinds()).toEqual(['throttled', 'resumed']);
    expect(times()).toEqual([0, 15]);
    expect(shown[1]?.body).toBe(
      'Tenant usage 6,900 / 10,000 (69%) in the last 60 min. Calls through Headroom flow again.',
    );
  });

  it('announces a resume at once when the last notification is older than the cooldown', () => {
    const { throttle, at, times } = setup();
    throttle('slowed', 'asleep');
    at(40);
    throttle('asleep', 'normal');
    expect(times()).toEqual([0, 40]);
  });

  it('never announces a resume that did not last', () => {
    const { throttle, at, kinds } = setup();
    throttle('slowed', 'asleep');
    at(2);
    throttle('asleep', 'normal');
    at(5);
    throttle('normal', 'asleep');
    at(120);
    expect(kinds()).toEqual(['throttled']);
  });

  it('keeps the two topics apart: a throttle and a lost connection are both said', () => {
    const { throttle, connection, kinds } = setup();
    throttle('slowed', 'asleep');
    connection('ok', 'offline');
    expect(kinds()).toEqual(['throttled', 'connection-lost']);
  });
});

describe('NotificationPolicy: a value hovering at a threshold', () => {
  /** 30 s apart: asleep, running, asleep, ... starting at minute 0. */
  function flap(changes: number) {
    const test = setup();
    for (let index = 0; index < changes; index++) {
      test.at(index * 0.5);
      if (index % 2 === 0) test.throttle('slowed', 'asleep');
      else test.throttle('asleep', 'normal');
    }
    test.at(180);
    return test;
  }

  it('flapping 21 times in 10 minutes and ending asleep gives one notification: throttled', () => {
    const { kinds, times } = flap(21);
    expect(kinds()).toEqual(['throttled']);
    expect(times()).toEqual([0]);
  });

  it('flapping 20 times in 10 minutes and ending running gives two, the second saying how it flapped', () => {
    const { kinds, times, shown } = flap(20);
    expect(kinds()).toEqual(['throttled', 'resumed']);
    expect(times()).toEqual([0, 15]);
    expect(shown[1]?.body).toBe(
      'Tenant usage 6,900 / 10,000 (69%) in the last 60 min. Calls through Headroom flow again. It switched ' +
        'between asleep and running 19 times in the last 15 min: usage is hovering near the thresholds.',
    );
  });

  it('a flapping connection gives one notification', () => {
    const { connection, at, kinds } = setup();
    for (let minuteIndex = 0; minuteIndex < 10; minuteIndex++) {
      at(minuteIndex);
      if (minuteIndex % 2 === 0) connection('ok', 'offline');
      else connection('offline', 'ok');
    }
    at(120);
    expect(kinds()).toEqual(['connection-lost']);
  });

  it('holds a second kind of bad news until the cooldown ends, and drops it if it stopped being true', () => {
    const held = setup();
    held.connection('ok', 'offline');
    held.at(1);
    held.connection('offline', 'auth-failed');
    held.at(14);
    expect(held.kinds()).toEqual(['connection-lost']);
    held.at(15);
    expect(held.kinds()).toEqual(['connection-lost', 'credentials-rejected']);

    const dropped = setup();
    dropped.connection('ok', 'offline');
    dropped.at(1);
    dropped.connection('offline', 'auth-failed');
    dropped.at(3);
    dropped.connection('auth-failed', 'offline');
    dropped.at(60);
    expect(dropped.kinds()).toEqual(['connection-lost']);
  });

  it('says a connection lost again after it came back for good', () => {
    const { connection, at, times } = setup();
    connection('ok', 'offline');
    at(5);
    connection('offline', 'ok');
    at(30);
    connection('ok', 'offline');
    expect(times()).toEqual([0, 30]);
  });

  it('never shows more than one bad and one good notification per topic per cooldown, and ends up telling the last state', () => {
    const throttleStep = fc.record({
      topic: fc.constant('throttle' as const),
      cause: fc.constantFrom<TransitionCause>('usage', 'upstream-rejection', 'wake-expired'),
    });
    const connectionStep = fc.record({
      topic: fc.constant('connection' as const),
      health: fc.constantFrom<ConnectionHealth>('ok', 'degraded', 'offline', 'auth-failed'),
    });
    const steps = fc.array(fc.tuple(fc.integer({ min: 0, max: 10 * minute }), fc.oneof(throttleStep, connectionStep)), {
      minLength: 1,
      maxLength: 60,
    });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), steps, (cooldownMinutes, plan) => {
        const { clock, policy, shown } = setup({ settings: { cooldownMinutes } });
        let mode: ThrottleMode = 'normal';
        let health: ConnectionHealth = 'ok';
        for (const [gap, step] of plan) {
          clock.advance(gap);
          if (step.topic === 'throttle') {
            const next: ThrottleMode = mode === 'asleep' ? 'normal' : 'asleep';
            policy.onThrottleTransition(throttleTransition(mode, next, step.cause, clock.now()));
            mode = next;
          } else {
            policy.onConnectionTransition(connectionTransition(health, step.health, clock.now()));
            health = step.health;
          }
        }
        clock.advance(2 * cooldownMinutes * minute);

        const cooldown = cooldownMinutes * minute;
        const byTopic = {
          throttle: shown.filter((notice) => ['throttled', 'back-to-sleep', 'resumed'].includes(notice.kind)),
          connection: shown.filter((notice) => ['connection-lost', 'credentials-rejected'].includes(notice.kind)),
        };
        for (const notices of Object.values(byTopic)) {
          const bad = notices.filter((notice) => notice.kind !== 'resumed');
          for (const [earlier, later] of pairs(bad)) expect(later.at - earlier.at).toBeGreaterThanOrEqual(cooldown);
          for (const [earlier, later] of pairs(notices))
            if (later.kind === 'resumed') expect(later.at - earlier.at).toBeGreaterThanOrEqual(cooldown);
        }
        const lastThrottle = byTopic.throttle.at(-1)?.kind;
        if (mode === 'asleep') expect(['throttled', 'back-to-sleep']).toContain(lastThrottle);
        else if (lastThrottle) expect(lastThrottle).toBe('resumed');
        const lastConnection = byTopic.connection.at(-1)?.kind;
        if (health === 'offline') expect(lastConnection).toBe('connection-lost');
        if (health === 'auth-failed') expect(lastConnection).toBe('credentials-rejected');
        expect(policy.snapshot().throttle.told).toBe(mode === 'asleep' ? 'asleep' : 'running');
        policy.dispose();
      }),
      { numRuns: 300 },
    );
  });
});

describe('NotificationPolicy: what the user did', () => {
  it('does not announce a Wake Up, and says at once why it went back to sleep', () => {
    const { policy, clock, throttle, at, kinds, times } = setup();
    throttle('slowed', 'asleep');
    at(1);
    const woken = throttleState('normal', { wokenByUser: true });
    policy.onThrottleTransition(throttleTransition('asleep', woken, 'wake-up', clock.now()));
    at(3);
    policy.onThrottleTransition(throttleTransition(woken, 'asleep', 'wake-expired', clock.now()));
    expect(kinds()).toEqual(['throttled', 'back-to-sleep']);
    expect(times()).toEqual([0, 3]);
  });

  it('does not announce the resume the user made with Wake Up', () => {
    const { throttle, at, kinds } = setup();
    throttle('slowed', 'asleep');
    at(1);
    throttle('asleep', 'normal', 'wake-up');
    at(120);
    expect(kinds()).toEqual(['throttled']);
  });

  it('never shows two resumes within a cooldown, even around a sleep the user caused', () => {
    const { throttle, at, kinds, times } = setup();
    throttle('slowed', 'asleep');
    at(20);
    throttle('asleep', 'normal');
    at(21);
    throttle('normal', 'asleep', 'settings');
    at(22);
    throttle('asleep', 'normal');
    at(60);
    expect(kinds()).toEqual(['throttled', 'resumed', 'resumed']);
    expect(times()).toEqual([0, 20, 35]);
  });

  it('does not announce sleep or resume caused by a settings change', () => {
    const { throttle, at, kinds } = setup();
    throttle('normal', 'asleep', 'settings');
    at(30);
    throttle('asleep', 'normal', 'settings');
    at(120);
    expect(kinds()).toEqual([]);
  });
});

describe('NotificationPolicy: restart', () => {
  it('does not repeat itself after a restart in the same state', () => {
    const before = setup();
    before.throttle('slowed', 'asleep');
    before.connection('ok', 'offline');
    const saved: unknown = JSON.parse(JSON.stringify(before.policy.snapshot()));
    before.policy.dispose();

    const after = setup({ memory: saved, clock: before.clock });
    after.at(1);
    after.throttle('normal', 'asleep');
    after.connection('ok', 'offline');
    after.at(120);
    expect(after.kinds()).toEqual([]);
    after.throttle('asleep', 'normal');
    expect(after.kinds()).toEqual(['resumed']);
  });

  it('still says, after a restart, what was waiting to be said', () => {
    const before = setup();
    before.throttle('slowed', 'asleep');
    before.at(2);
    before.throttle('asleep', 'normal');
    before.at(3);
    const saved = before.policy.snapshot();
    before.policy.dispose();

    const after = setup({ memory: saved, clock: before.clock });
    expect(after.kinds()).toEqual([]);
    after.at(12);
    expect(after.kinds()).toEqual(['resumed']);
    expect(after.times()).toEqual([12]);
    expect(before.kinds()).toEqual(['throttled']);
  });

  it('starts fresh from a missing or unreadable memory instead of crashing', () => {
    const valid = setup().policy.snapshot();
    const garbage = [
      undefined,
      'garbage',
      42,
      { version: 2 },
      { ...valid, throttle: { ...valid.throttle, told: 'exploded' } },
      { ...valid, connection: { ...valid.connection, lastShownAt: 'yesterday' } },
    ];
    for (const memory of garbage) {
      const { throttle, kinds } = setup({ memory });
      throttle('slowed', 'asleep');
      expect(kinds()).toEqual(['throttled']);
    }
  });

  it('does not wait longer than a cooldown when the clock was set back since the memory was saved', () => {
    const later = setup({ clock: new VirtualClock(Date.UTC(2026, 0, 6, 9, 0, 0)) });
    later.throttle('slowed', 'asleep');
    const earlier = setup({ memory: later.policy.snapshot(), clock: new VirtualClock(Date.UTC(2026, 0, 5, 9, 0, 0)) });
    earlier.throttle('asleep', 'normal');
    earlier.at(15);
    expect(earlier.kinds()).toEqual(['resumed']);
  });
});

describe('NotificationPolicy: paused or disabled', () => {
  it('shows nothing while paused, and replays nothing when the pause ends', () => {
    const clock = new VirtualClock();
    const { throttle, connection, at, kinds } = setup({ clock, settings: { pausedUntil: clock.now() + 60 * minute } });
    throttle('slowed', 'asleep');
    connection('ok', 'auth-failed');
    at(10);
    throttle('asleep', 'normal');
    at(20);
    throttle('normal', 'asleep');
    at(180);
    expect(kinds()).toEqual([]);
    throttle('asleep', 'normal');
    expect(kinds()).toEqual(['resumed']);
  });

  it('shows nothing while disabled, and dumps no backlog when turned back on', () => {
    const { policy, throttle, connection, at, kinds } = setup({ settings: { enabled: false } });
    throttle('slowed', 'asleep');
    connection('ok', 'offline');
    at(30);
    policy.updateSettings({ enabled: true, cooldownMinutes: 15 });
    at(120);
    expect(kinds()).toEqual([]);
    connection('offline', 'ok');
    connection('ok', 'auth-failed');
    expect(kinds()).toEqual(['credentials-rejected']);
  });

  it('drops what was waiting to be said when notifications are paused', () => {
    const { policy, clock, throttle, at, kinds } = setup();
    throttle('slowed', 'asleep');
    at(2);
    throttle('asleep', 'normal');
    at(3);
    policy.updateSettings({ enabled: true, cooldownMinutes: 15, pausedUntil: clock.now() + 30 * minute });
    at(120);
    expect(kinds()).toEqual(['throttled']);
  });
});

describe('NotificationPolicy: settings and lifetime', () => {
  it('applies a shorter cooldown to what is already waiting', () => {
    const { policy, throttle, at, times } = setup();
    throttle('slowed', 'asleep');
    at(2);
    throttle('asleep', 'normal');
    at(3);
    policy.updateSettings({ enabled: true, cooldownMinutes: 5 });
    at(60);
    expect(times()).toEqual([0, 5]);
  });

  it('leaves no timer behind once disposed', () => {
    const { policy, clock, throttle, at, kinds } = setup();
    throttle('slowed', 'asleep');
    at(2);
    throttle('asleep', 'normal');
    expect(clock.pendingTimers).toBe(1);
    policy.dispose();
    expect(clock.pendingTimers).toBe(0);
    at(60);
    expect(kinds()).toEqual(['throttled']);
  });

  it('gives a snapshot that survives JSON unchanged', () => {
    const { policy, throttle, at } = setup();
    throttle('slowed', 'asleep');
    at(2);
    throttle('asleep', 'normal');
    const snapshot = policy.snapshot();
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
  });
});

/** Each item with the one after it. */
function pairs<T>(items: readonly T[]): [T, T][] {
  return items.slice(1).map((item, index) => [items[index] as T, item]);
}
