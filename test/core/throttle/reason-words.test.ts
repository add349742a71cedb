import { describe, expect, it } from 'vitest';
import { reasonUsage, type ThrottleReason } from '../../../electron/core/throttle/reason';
import { clockTimeFormatter, describeUsage, reasonWords } from '../../../electron/core/throttle/reason-words';

const tenant = (used: number) => ({ used, limit: 10_000, timeframeMinutes: 60 });
const at = (hours: number, minutes: number, seconds = 0) => Date.UTC(2026, 0, 5, hours, minutes, seconds);

describe('describeUsage', () => {
  it('reads like the tray tooltip: grouped numbers, percent rounded down, the window', () => {
    expect(describeUsage(tenant(9_120))).toBe('Tenant usage 9,120 / 10,000 (91%) in the last 60 min');
    // Whole percents read as they are, though 2,900 / 10,000 is 28.999… in floating point.
    expect(describeUsage(tenant(2_900))).toBe('Tenant usage 2,900 / 10,000 (29%) in the last 60 min');
  });

  it('never reads an estimate just short of a threshold as at it: a reason quotes whole calls, rounded down', () => {
    expect(describeUsage(reasonUsage({ used: 299.6, limit: 300, timeframeMinutes: 1 }))).toBe(
      'Tenant usage 299 / 300 (99%) in the last 1 min',
    );
  });
});

describe('clockTimeFormatter', () => {
  it('gives hours and minutes, and seconds only when they matter', () => {
    const format = clockTimeFormatter('UTC');
    expect(format(at(14, 5))).toBe('14:05');
    expect(format(at(14, 5, 30))).toBe('14:05:30');
    expect(format(at(0, 0))).toBe('00:00');
  });
});

describe('reasonWords', () => {
  const rows: Array<[ThrottleReason, string]> = [
    [{ kind: 'normal', usage: tenant(7_499) }, 'Tenant usage 7,499 / 10,000 (74%) in the last 60 min'],
    [
      { kind: 'slowed', usage: tenant(7_500), slowAtPercent: 75 },
      'Tenant usage 7,500 / 10,000 (75%) in the last 60 min: at or above 75%, non-critical calls are paced',
    ],
    [
      { kind: 'slowed-until-below', usage: tenant(7_200), normalBelowPercent: 72 },
      'Tenant usage 7,200 / 10,000 (72%) in the last 60 min: non-critical calls are paced until it falls below 72%',
    ],
    [
      { kind: 'asleep', usage: tenant(9_120), sleepAtPercent: 90, resumeBelowPercent: 70 },
      'Tenant usage 9,120 / 10,000 (91%) in the last 60 min: reached 90%, non-critical calls wait until it falls below 70%',
    ],
    [
      { kind: 'asleep', usage: tenant(9_120), sleepAtPercent: 90 },
      'Tenant usage 9,120 / 10,000 (91%) in the last 60 min: reached 90%, non-critical calls wait for Wake Up',
    ],
    [
      { kind: 'critical-stop', usage: tenant(9_800), criticalStopAtPercent: 98 },
      'Tenant usage 9,800 / 10,000 (98%) in the last 60 min: at or above the 98% critical stop, every call waits, ' +
        'critical ones too, so the tenant does not hit its hard cap',
    ],
    [
      { kind: 'rejected', rejection: 'rate-limited', retryAt: at(9, 1, 10) },
      'Autotask answered 429 (rate limited); retrying after 09:01:10',
    ],
    [
      { kind: 'rejected', rejection: 'thread-limit', retryAt: at(9, 2) },
      'Autotask reported its thread limit (3 calls at once per integration and entity); retrying after 09:02',
    ],
    [
      { kind: 'rejected-awaiting-reading', rejection: 'thread-limit' },
      'Autotask reported its thread limit; calls wait for a fresh reading of the counter',
    ],
    [
      { kind: 'rejected-awaiting-wake', rejection: 'rate-limited' },
      'Autotask answered 429 (rate limited); non-critical calls wait for Wake Up',
    ],
    [
      { kind: 'woken', usage: tenant(9_300), sleepAtPercent: 90, graceEndsAt: at(9, 2) },
      'Woken up by hand. Tenant usage 9,300 / 10,000 (93%) in the last 60 min; back to sleep at 09:02 if still at ' +
        'or above 90%',
    ],
    [
      { kind: 'woken-past-grace', usage: tenant(8_800) },
      'Woken up by hand. Tenant usage 8,800 / 10,000 (88%) in the last 60 min',
    ],
    [
      { kind: 'wake-expired-grace', usage: tenant(9_000), sleepAtPercent: 90, graceSeconds: 90 },
      'Back to sleep after Wake Up: Tenant usage 9,000 / 10,000 (90%) in the last 60 min, still at or above 90% ' +
        'after 90 s',
    ],
    [
      { kind: 'wake-expired-grace', usage: tenant(9_300), sleepAtPercent: 90, graceSeconds: 120 },
      'Back to sleep after Wake Up: Tenant usage 9,300 / 10,000 (93%) in the last 60 min, still at or above 90% ' +
        'after 2 min',
    ],
    [
      { kind: 'wake-expired-critical', usage: tenant(9_800), criticalStopAtPercent: 98 },
      'Back to sleep after Wake Up: Tenant usage 9,800 / 10,000 (98%) in the last 60 min, reached the 98% critical stop',
    ],
    [
      { kind: 'unknown', why: 'waiting for the first reading of the tenant’s counter' },
      'Usage unknown (waiting for the first reading of the tenant’s counter): non-critical calls wait until ' +
        'Headroom can read the counter',
    ],
    [{ kind: 'not-watching', why: 'No connection is set up yet.' }, 'No connection is set up yet.'],
  ];

  it.each(rows)('words %j', (reason, words) => {
    expect(reasonWords(reason, clockTimeFormatter('UTC'))).toBe(words);
  });
});
