import { describe, expect, it } from 'vitest';
import { formatsFor } from '../../../renderer/src/view/format';
import { reasonText } from '../../../renderer/src/view/reason-view';

const tenant = (used: number) => ({ used, limit: 10_000, timeframeMinutes: 60 });
const english = formatsFor('en-US', 'UTC');
const german = formatsFor('de-DE', 'UTC');

describe('the reason in the popover', () => {
  it('says what the main process says, with the figures in the user’s locale', () => {
    const asleep = { kind: 'asleep', usage: tenant(9_120), sleepAtPercent: 90, resumeBelowPercent: 70 } as const;
    expect(reasonText(asleep, english)).toBe(
      'Tenant usage 9,120 / 10,000 (91%) in the last 60 min: reached 90%, non-critical calls wait until it falls below 70%',
    );
    expect(reasonText(asleep, german)).toBe(
      // German puts a no-break space before the percent sign.
      'Tenant usage 9.120 / 10.000 (91\u00a0%) in the last 60 min: reached 90\u00a0%, non-critical calls wait until ' +
        'it falls below 70\u00a0%',
    );
  });

  it('gives clock times in the user’s time zone, with seconds only when they matter', () => {
    const retryAt = Date.UTC(2026, 11, 4, 14, 5, 30);
    expect(reasonText({ kind: 'rejected', rejection: 'rate-limited', retryAt }, formatsFor('en-GB', 'UTC'))).toBe(
      'Autotask answered 429 (rate limited); retrying after 14:05:30',
    );
    const graceEndsAt = Date.UTC(2026, 11, 4, 14, 5);
    expect(
      reasonText({ kind: 'woken', usage: tenant(9_300), sleepAtPercent: 90, graceEndsAt }, formatsFor('en-US', 'UTC')),
    ).toBe(
      'Woken up by hand. Tenant usage 9,300 / 10,000 (93%) in the last 60 min; back to sleep at 2:05 PM if still at or above 90%',
    );
  });

  it('rounds the percentage down, so it never reads as at a threshold not yet reached', () => {
    expect(reasonText({ kind: 'normal', usage: tenant(8_999) }, english)).toBe(
      'Tenant usage 8,999 / 10,000 (89%) in the last 60 min',
    );
  });
});
