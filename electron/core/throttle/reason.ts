/**
 * The words a person reads in the tray tooltip and the popover for each throttle state. Numbers are grouped the
 * same way on every machine ("9,120 / 10,000"), and percentages are rounded down so a connection never reads
 * "90%" while it is still below the 90% sleep point.
 */
import type { ThrottleSettings } from '../settings/throttle-settings';

export type UpstreamRejectionKind = 'rate-limited' | 'thread-limit';

export interface UsageFigures {
  used: number;
  limit: number;
  timeframeMinutes: number;
}

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** "Tenant usage 9,120 / 10,000 (91%) in the last 60 min" */
export function describeUsage({ used, limit, timeframeMinutes }: UsageFigures): string {
  const shown = Math.round(used);
  const percent = limit > 0 ? Math.floor((shown / limit) * 100) : 0;
  return `Tenant usage ${grouped.format(shown)} / ${grouped.format(limit)} (${percent}%) in the last ${timeframeMinutes} min`;
}

/** A clock time as "14:05", or "14:05:30" when the seconds matter; in the machine's time zone unless one is given. */
export function clockTimeFormatter(timeZone?: string): (ms: number) => string {
  const format = new Intl.DateTimeFormat('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    ...(timeZone ? { timeZone } : {}),
  });
  return (ms) => {
    const text = format.format(new Date(ms));
    return text.endsWith(':00') ? text.slice(0, -3) : text;
  };
}

function minutesOrSeconds(seconds: number): string {
  return seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`;
}

export const reasons = {
  normal: (usage: UsageFigures) => describeUsage(usage),

  slowed: (usage: UsageFigures, settings: ThrottleSettings) =>
    `${describeUsage(usage)}: at or above ${settings.slowAtPercent}%, non-critical calls are paced`,

  asleep: (usage: UsageFigures, settings: ThrottleSettings) =>
    `${describeUsage(usage)}: reached ${settings.sleepAtPercent}%, non-critical calls wait ` +
    (settings.autoResume ? `until it falls below ${settings.resumeBelowPercent}%` : 'for Wake Up'),

  criticalStop: (usage: UsageFigures, settings: ThrottleSettings) =>
    `${describeUsage(usage)}: at or above the ${settings.criticalStopAtPercent}% critical stop, every call waits, ` +
    'critical ones too, so the tenant does not hit its hard cap',

  rejected: (kind: UpstreamRejectionKind, retryAt: string) =>
    kind === 'rate-limited'
      ? `Autotask answered 429 (rate limited); retrying after ${retryAt}`
      : `Autotask reported its thread limit (3 calls at once per integration and entity); retrying after ${retryAt}`,

  rejectedAwaitingWake: (kind: UpstreamRejectionKind) =>
    kind === 'rate-limited'
      ? 'Autotask answered 429 (rate limited); non-critical calls wait for Wake Up'
      : 'Autotask reported its thread limit; non-critical calls wait for Wake Up',

  woken: (usage: UsageFigures, settings: ThrottleSettings, graceEndsAt: string) =>
    `Woken up by hand. ${describeUsage(usage)}; back to sleep at ${graceEndsAt} if still at or above ` +
    `${settings.sleepAtPercent}%`,

  wokenPastGrace: (usage: UsageFigures) => `Woken up by hand. ${describeUsage(usage)}`,

  wakeExpiredGrace: (usage: UsageFigures, settings: ThrottleSettings) =>
    `Back to sleep after Wake Up: ${describeUsage(usage)}, still at or above ${settings.sleepAtPercent}% ` +
    `after ${minutesOrSeconds(settings.wakeGraceSeconds)}`,

  wakeExpiredCritical: (usage: UsageFigures, settings: ThrottleSettings) =>
    `Back to sleep after Wake Up: ${describeUsage(usage)}, reached the ${settings.criticalStopAtPercent}% critical stop`,

  unknown: (why: string) => `Usage unknown (${why}): non-critical calls wait until Headroom can read the counter`,
};
