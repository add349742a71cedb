import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_AFTER_MS, MAX_RETRY_AFTER_MS, retryAfterMs } from '../../electron/autotask/retry-after';

describe('retryAfterMs', () => {
  const now = Date.UTC(2026, 0, 5, 9, 0, 0);

  it('reads delay-seconds', () => {
    expect(retryAfterMs('120', now)).toBe(120_000);
    expect(retryAfterMs(' 0 ', now)).toBe(0);
    expect(retryAfterMs('1.5', now)).toBe(1_500);
  });

  it('reads an HTTP date as the time left until then', () => {
    expect(retryAfterMs('Mon, 05 Jan 2026 09:00:45 GMT', now)).toBe(45_000);
    expect(retryAfterMs('Monday, 05-Jan-26 09:01:00 GMT', now)).toBe(60_000);
  });

  it('treats a date in the past as "now"', () => {
    expect(retryAfterMs('Mon, 05 Jan 2026 08:00:00 GMT', now)).toBe(0);
  });

  it('waits a cautious 60 s when the header is absent or unreadable', () => {
    for (const value of [undefined, null, '', 'soon', '-5', '12abc', '5 minutes', 'Mon, 99 Foo 2026']) {
      expect(retryAfterMs(value, now), String(value)).toBe(DEFAULT_RETRY_AFTER_MS);
    }
    expect(DEFAULT_RETRY_AFTER_MS).toBe(60_000);
  });

  it('never asks to wait longer than the hour-long window', () => {
    expect(retryAfterMs('999999999', now)).toBe(MAX_RETRY_AFTER_MS);
    expect(retryAfterMs('Tue, 05 Jan 2027 09:00:00 GMT', now)).toBe(MAX_RETRY_AFTER_MS);
  });
});
