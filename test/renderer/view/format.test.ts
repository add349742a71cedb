import { describe, expect, it } from 'vitest';
import { formatsFor } from '../../../renderer/src/view/format';

const at = Date.UTC(2026, 11, 4, 14, 35, 20);

describe('formats for the user’s locale and time zone', () => {
  it('groups counts and shows percents as the locale writes them', () => {
    const english = formatsFor('en-US', 'UTC');
    const german = formatsFor('de-DE', 'UTC');
    expect(english.count(7912)).toBe('7,912');
    expect(german.count(7912)).toBe('7.912');
    expect(english.percent(79)).toBe('79%');
    expect(german.percent(79)).toMatch(/^79\s%$/);
  });

  it('rounds a percent down, so it never reads as a threshold not yet reached', () => {
    expect(formatsFor('en-US', 'UTC').percent(89.9)).toBe('89%');
  });

  it('shows clock times in the user’s zone, with the day only when it is not today', () => {
    const utc = formatsFor('en-GB', 'UTC');
    const berlin = formatsFor('en-GB', 'Europe/Berlin');
    expect(utc.clockTime(at)).toBe('14:35');
    expect(berlin.clockTime(at)).toBe('15:35');
    expect(utc.clockTimeWithSeconds(at)).toBe('14:35:20');
    expect(utc.moment(at, at + 60_000)).toBe('14:35');
    expect(utc.moment(at, at + 24 * 3_600_000)).toBe('4 Dec, 14:35');
    expect(formatsFor('en-US', 'UTC').clockTime(at)).toBe('2:35 PM');
  });

  it('says durations in seconds up to two minutes, then minutes, then hours and minutes', () => {
    const { duration } = formatsFor('en-US', 'UTC');
    expect(duration(-5)).toBe('0 s');
    expect(duration(44_600)).toBe('45 s');
    expect(duration(90_000)).toBe('90 s');
    expect(duration(12 * 60_000)).toBe('12 min');
    expect(duration(125 * 60_000)).toBe('2 h 5 min');
    expect(duration(120 * 60_000)).toBe('2 h');
  });
});
