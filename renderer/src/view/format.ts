/**
 * Numbers and times as the user reads them: grouped and in their locale, clock times in their time zone. Built
 * once per locale and zone, since Intl formatters are costly to make and cheap to use.
 */
export interface Formats {
  /** 7,912 (en) or 7.912 (de). */
  count(value: number): string;
  /** Minutes of a window: 60, or 0.5 for a simulated tenant's short one. */
  minutes(value: number): string;
  /** 79% (en) or 79 % (de), from a number of percent. */
  percent(value: number): string;
  /** 14:35, or 2:35 PM where the locale says so. */
  clockTime(ms: number): string;
  /** 14:35:20: for deadlines a minute is too coarse for. */
  clockTimeWithSeconds(ms: number): string;
  /** The clock time, with the day when it is not `now`'s day: "14:35" or "3 Dec, 14:35". */
  moment(ms: number, now: number): string;
  /** "45 s", "90 s", "12 min", "2 h 5 min". */
  duration(ms: number): string;
  /** "Mon 14:00" for the history chart's hours. */
  hour(ms: number): string;
}

export function formatsFor(locale?: string, timeZone?: string): Formats {
  const zone = timeZone ? { timeZone } : {};
  const counts = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const minutes = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const percents = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const clock = new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit', ...zone });
  const clockSeconds = new Intl.DateTimeFormat(locale, {
    hour: 'numeric',
    minute: '2-digit',
    second: '2-digit',
    ...zone,
  });
  const dayAndClock = new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'short',
    hour: 'numeric',
    minute: '2-digit',
    ...zone,
  });
  const day = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'numeric', day: 'numeric', ...zone });
  const weekdayHour = new Intl.DateTimeFormat(locale, {
    weekday: 'short',
    hour: 'numeric',
    minute: '2-digit',
    ...zone,
  });
  return {
    count: (value) => counts.format(value),
    minutes: (value) => minutes.format(value),
    percent: (value) => percents.format(Math.floor(value) / 100),
    clockTime: (ms) => clock.format(ms),
    clockTimeWithSeconds: (ms) => clockSeconds.format(ms),
    moment: (ms, now) => (day.format(ms) === day.format(now) ? clock.format(ms) : dayAndClock.format(ms)),
    duration: (ms) => durationWords(ms, counts),
    hour: (ms) => weekdayHour.format(ms),
  };
}

function durationWords(ms: number, counts: Intl.NumberFormat): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  // Up to two minutes in seconds: "90 s" is what a countdown needs, "2 min" would be half a minute off.
  if (seconds < 120) return `${counts.format(seconds)} s`;
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${counts.format(minutes)} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `${counts.format(hours)} h` : `${counts.format(hours)} h ${counts.format(rest)} min`;
}

/** The formats of the user's own locale and time zone. */
export const userFormats: Formats = formatsFor();
