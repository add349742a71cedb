import { describe, expect, it } from 'vitest';
import { clockTimeFormatter, describeUsage } from '../../../electron/core/throttle/reason';

describe('describeUsage', () => {
  it('reads like the tray tooltip: grouped numbers, percent rounded down, the window', () => {
    expect(describeUsage({ used: 9_120, limit: 10_000, timeframeMinutes: 60 })).toBe(
      'Tenant usage 9,120 / 10,000 (91%) in the last 60 min',
    );
    // Whole percents read as they are, though 2,900 / 10,000 is 28.999… in floating point.
    expect(describeUsage({ used: 2_900, limit: 10_000, timeframeMinutes: 60 })).toBe(
      'Tenant usage 2,900 / 10,000 (29%) in the last 60 min',
    );
    // An estimate just short of a threshold never reads as at it.
    expect(describeUsage({ used: 299.6, limit: 300, timeframeMinutes: 1 })).toBe(
      'Tenant usage 299 / 300 (99%) in the last 1 min',
    );
  });
});

describe('clockTimeFormatter', () => {
  it('gives hours and minutes, and seconds only when they matter', () => {
    const format = clockTimeFormatter('UTC');
    expect(format(Date.UTC(2026, 0, 5, 14, 5, 0))).toBe('14:05');
    expect(format(Date.UTC(2026, 0, 5, 14, 5, 30))).toBe('14:05:30');
    expect(format(Date.UTC(2026, 0, 5, 0, 0, 0))).toBe('00:00');
  });
});
