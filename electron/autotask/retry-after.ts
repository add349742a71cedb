/**
 * Reads a Retry-After header (RFC 9110: delay-seconds or an HTTP date) into milliseconds. Whether Autotask sends
 * it at all is unconfirmed, so a missing or unreadable value means a cautious 60 s rather than "retry now".
 */
export const DEFAULT_RETRY_AFTER_MS = 60_000;
/** No answer should put the connection to sleep for longer than the rolling window it is protecting. */
export const MAX_RETRY_AFTER_MS = 60 * 60_000;

const DELAY_SECONDS = /^\d+(\.\d+)?$/;
/** IMF-fixdate and RFC 850 ("Sun, 06 Nov ...", "Sunday, 06-Nov-94 ...") and asctime ("Sun Nov  6 ..."). */
const HTTP_DATE = /^[a-z]{3,9},? /i;

export function retryAfterMs(value: string | null | undefined, nowMs: number): number {
  const text = value?.trim() ?? '';
  if (DELAY_SECONDS.test(text)) return Math.min(MAX_RETRY_AFTER_MS, Math.round(Number(text) * 1000));
  const date = HTTP_DATE.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(date)) return DEFAULT_RETRY_AFTER_MS;
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, date - nowMs));
}
