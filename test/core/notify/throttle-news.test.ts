import { describe, expect, it } from 'vitest';
import { throttleNews } from '../../../electron/core/notify/throttle-news';
import { clockTimeFormatter } from '../../../electron/core/throttle/reason-words';
import { throttleState, throttleTransition } from './transitions';

const at = Date.UTC(2026, 0, 5, 9, 0, 0);

const tenant = (used: number) => ({ used, limit: 10_000, timeframeMinutes: 60 });

describe('throttleNews', () => {
  it('announces throttling by usage with the numbers, what is held, and what Wake Up does', () => {
    const to = throttleState('asleep', {
      reason: { kind: 'asleep', usage: tenant(9_120), sleepAtPercent: 90, resumeBelowPercent: 70 },
    });
    expect(throttleNews(throttleTransition('slowed', to, 'usage', at))).toEqual({
      key: 'asleep',
      bad: true,
      notice: {
        kind: 'throttled',
        title: 'Autotask API throttled',
        body:
          'Tenant usage 9,120 / 10,000 (91%) in the last 60 min: reached 90%, non-critical calls wait until it ' +
          'falls below 70%. Background and normal calls are on hold; critical calls still go. Wake Up resumes them.',
      },
    });
  });

  it('says when even critical calls are held, without offering a Wake Up that cannot help', () => {
    const to = throttleState('asleep', {
      criticalStopped: true,
      reason: { kind: 'normal', usage: tenant(9_830) },
    });
    expect(throttleNews(throttleTransition('normal', to, 'usage', at))?.notice?.body).toBe(
      'Tenant usage 9,830 / 10,000 (98%) in the last 60 min. Every call is on hold, critical ones too, so the ' +
        'tenant does not reach the limit at which Autotask stops every integration.',
    );
  });

  it('announces throttling after Autotask refused a call, without offering a Wake Up that cannot beat the pause', () => {
    const to = throttleState('asleep', {
      reason: { kind: 'rejected', rejection: 'rate-limited', retryAt: at + 120_000 },
      backoffUntil: at + 120_000,
    });
    expect(throttleNews(throttleTransition('normal', to, 'upstream-rejection', at))?.notice).toEqual({
      kind: 'throttled',
      title: 'Autotask API throttled',
      body:
        `Autotask answered 429 (rate limited); retrying after ${clockTimeFormatter()(at + 120_000)}. ` +
        'Background and normal calls are on hold; ' +
        'critical calls still go.',
    });
  });

  it('says it went back to sleep after a Wake Up, and why, when usage stayed too high past the grace period', () => {
    const woken = throttleState('normal', { wokenByUser: true });
    const to = throttleState('asleep', {
      reason: { kind: 'wake-expired-grace', usage: tenant(9_250), sleepAtPercent: 90, graceSeconds: 120 },
    });
    expect(throttleNews(throttleTransition(woken, to, 'wake-expired', at))?.notice).toEqual({
      kind: 'back-to-sleep',
      title: 'Back to sleep after Wake Up',
      body:
        'Back to sleep after Wake Up: Tenant usage 9,250 / 10,000 (92%) in the last 60 min, still at or above 90% ' +
        'after 2 min. Background and normal calls are on hold; critical calls still go.',
    });
  });

  it('says it went back to sleep after a Wake Up because the critical stop was reached, holding every call', () => {
    const woken = throttleState('slowed', { wokenByUser: true });
    const to = throttleState('asleep', {
      criticalStopped: true,
      reason: { kind: 'wake-expired-critical', usage: tenant(9_810), criticalStopAtPercent: 98 },
    });
    expect(throttleNews(throttleTransition(woken, to, 'wake-expired', at))?.notice?.body).toBe(
      'Back to sleep after Wake Up: Tenant usage 9,810 / 10,000 (98%) in the last 60 min, reached the 98% critical ' +
        'stop. Every call is on hold, critical ones too, so the tenant does not reach the limit at which Autotask ' +
        'stops every integration.',
    );
  });

  it('announces resuming on its own, and says when calls are still paced', () => {
    expect(throttleNews(throttleTransition('asleep', 'normal', 'usage', at))).toEqual({
      key: 'running',
      bad: false,
      notice: {
        kind: 'resumed',
        title: 'Autotask API calls resumed',
        body: 'Tenant usage 6,900 / 10,000 (69%) in the last 60 min. Calls through Headroom flow again.',
      },
    });
    expect(throttleNews(throttleTransition('asleep', 'slowed', 'usage', at))?.notice?.body).toBe(
      'Tenant usage 6,900 / 10,000 (69%) in the last 60 min. Calls through Headroom flow again, paced to stay under the limit.',
    );
  });

  it('has no news when calls are only slowed or speed up again', () => {
    expect(throttleNews(throttleTransition('normal', 'slowed', 'usage', at))).toBeUndefined();
    expect(throttleNews(throttleTransition('slowed', 'normal', 'usage', at))).toBeUndefined();
    expect(throttleNews(throttleTransition('asleep', 'asleep', 'upstream-rejection', at))).toBeUndefined();
  });

  it('records but does not announce what the user did: Wake Up and settings changes', () => {
    expect(throttleNews(throttleTransition('asleep', 'normal', 'wake-up', at))).toEqual({
      key: 'running',
      bad: false,
      byUser: 'wake-up',
    });
    expect(throttleNews(throttleTransition('normal', 'asleep', 'settings', at))).toEqual({
      key: 'asleep',
      bad: true,
      byUser: 'settings',
    });
  });

  it('reads a sleeping connection woken by hand as running, whatever its mode says', () => {
    const wokenAsleep = throttleState('asleep', { wokenByUser: true });
    expect(throttleNews(throttleTransition('asleep', wokenAsleep, 'wake-up', at))?.key).toBe('running');
    expect(throttleNews(throttleTransition(wokenAsleep, 'normal', 'usage', at))).toBeUndefined();
  });
});
