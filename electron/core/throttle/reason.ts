/**
 * The words a person reads in the tray tooltip and the popover for each throttle state. Numbers are grouped the
 * same way on every machine ("9,120 / 10,000"), and percentages are rounded down so a connection never reads
 * "90%" while it is still below the 90% sleep point.
 */
import type { ThrottleSettings } from '../settings/throttle-settings';
import type { UsageFigures } from '../usage/sample';
import type { Priority } from './priority';
import type { UpstreamRejectionKind } from './rejection';

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** "Tenant usage 9,120 / 10,000 (91%) in the last 60 min" */
export function describeUsage({ used, limit, timeframeMinutes }: UsageFigures): string {
  // Rounded down, like the percentage: an estimate of 8,999.6 is not yet at a 9,000 sleep point.
  const shown = Math.floor(used);
  // Multiplied first: 2,900 / 10,000 is 28.999… in floating point, and would read 28%.
  const percent = limit > 0 ? Math.floor((shown * 100) / limit) : 0;
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
    usage.used >= (usage.limit * settings.slowAtPercent) / 100
      ? `${describeUsage(usage)}: at or above ${settings.slowAtPercent}%, non-critical calls are paced`
      : `${describeUsage(usage)}: non-critical calls are paced until it falls below ` +
        `${settings.slowAtPercent - settings.hysteresisPercent}%`,

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

  rejectedAwaitingReading: (kind: UpstreamRejectionKind) =>
    kind === 'rate-limited'
      ? 'Autotask answered 429 (rate limited); calls wait for a fresh reading of the counter'
      : 'Autotask reported its thread limit; calls wait for a fresh reading of the counter',

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

/** Why a call held at the gate is still waiting: the gate's hold, in words. */
export type HoldCause =
  | 'asleep'
  | 'backoff'
  | 'unknown'
  | 'critical-stop'
  | 'ceiling'
  | 'reading'
  | 'paced'
  | 'rejected'
  | 'normal-first'
  | 'queue';

const holdWords: Record<HoldCause, string> = {
  asleep: 'the connection is asleep',
  backoff: 'Autotask asked Headroom to wait before calling again',
  unknown: 'the tenant’s usage is unknown',
  'critical-stop': 'usage is at the critical stop, so every call waits',
  ceiling: 'the room left below the sleep point is kept for what the other integrations may send',
  reading:
    'a fresh reading of the tenant’s counter is on its way, and calls wait for it rather than spend the room blind',
  paced: 'non-critical calls are paced and others were ahead of it',
  rejected: 'Autotask refused a call for load, so every call waits for a fresh reading of the counter',
  'normal-first': 'normal calls go first',
  queue: 'others were ahead of it',
};

/** The words of a gate's refusal, for the body of the 429 a held call is answered with. */
export const refusals = {
  closed: () => 'Headroom is shutting down; the call was not sent.',
  aborted: () => 'The caller went away before the call could be sent.',
  queueFull: (priority: Priority, capacity: number, stateReason: string) =>
    `Too many ${priority} calls are already waiting (${capacity}). ${stateReason}.`,
  heldTooLong: (waitedMs: number, hold: HoldCause, stateReason: string) =>
    `Held ${Math.round(waitedMs / 1000)} s and not sent: ${holdWords[hold]}. ${stateReason}.`,
};
