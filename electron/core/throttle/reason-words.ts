/**
 * The throttle's reasons and the gate's refusals in words, for everything the main process says: notifications,
 * the gateway's 429 bodies, the log and `check`. Numbers are grouped the same way on every machine ("9,120 /
 * 10,000"), and percentages are rounded down so a connection never reads "90%" while it is still below the 90%
 * sleep point. The popover says the same sentences with its own formats, in the user's locale
 * (renderer/src/view/reason-view.ts).
 */
import type { UsageFigures } from '../usage/sample';
import type { Priority } from './priority';
import type { HoldCause, ThrottleReason } from './reason';
import type { UpstreamRejectionKind } from './rejection';

/** How a reason's figures are written: fixed here for the main process, in the user's locale in the popover. */
export interface ReasonFormat {
  count(value: number): string;
  /** From a number of percent, rounded down: "91%". */
  percent(value: number): string;
  /** Minutes of a window: "60", or "0.5" for a simulated tenant's short one. */
  minutes(value: number): string;
  clockTime(ms: number): string;
  duration(seconds: number): string;
}

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

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

/** The main process's forms: grouped the same way on every machine, clock times in the machine's time zone. */
const mainFormat: ReasonFormat = {
  count: (value) => grouped.format(value),
  percent: (value) => `${Math.floor(value)}%`,
  minutes: (value) => String(value),
  clockTime: clockTimeFormatter(),
  duration: (seconds) => (seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`),
};

/** "Tenant usage 9,120 / 10,000 (91%) in the last 60 min" */
export function describeUsage({ used, limit, timeframeMinutes }: UsageFigures, format = mainFormat): string {
  // Multiplied first: 2,900 / 10,000 is 28.999… in floating point, and would read 28%.
  const percent = limit > 0 ? (used * 100) / limit : 0;
  return (
    `Tenant usage ${format.count(used)} / ${format.count(limit)} (${format.percent(percent)}) ` +
    `in the last ${format.minutes(timeframeMinutes)} min`
  );
}

/**
 * The reason in words, in the main process's forms; clock times in the machine's time zone unless `clockTime` is
 * given (tests pin one).
 */
export function reasonWords(reason: ThrottleReason, clockTime = mainFormat.clockTime): string {
  return reasonSentence(reason, { ...mainFormat, clockTime });
}

/** The one wording of each reason: "Tenant usage 9,120 / 10,000 (91%) in the last 60 min: reached 90%, ...". */
export function reasonSentence(reason: ThrottleReason, format: ReasonFormat): string {
  const usage = (figures: UsageFigures) => describeUsage(figures, format);
  const { percent, clockTime } = format;
  switch (reason.kind) {
    case 'normal':
      return usage(reason.usage);
    case 'slowed':
      return `${usage(reason.usage)}: at or above ${percent(reason.slowAtPercent)}, non-critical calls are paced`;
    case 'slowed-until-below':
      return (
        `${usage(reason.usage)}: non-critical calls are paced until it falls below ` +
        percent(reason.normalBelowPercent)
      );
    case 'asleep':
      return (
        `${usage(reason.usage)}: reached ${percent(reason.sleepAtPercent)}, non-critical calls wait ` +
        (reason.resumeBelowPercent === undefined
          ? 'for Wake Up'
          : `until it falls below ${percent(reason.resumeBelowPercent)}`)
      );
    case 'critical-stop':
      return (
        `${usage(reason.usage)}: at or above the ${percent(reason.criticalStopAtPercent)} critical stop, every ` +
        'call waits, critical ones too, so the tenant does not hit its hard cap'
      );
    case 'rejected':
      return `${rejectionWords(reason.rejection, true)}; retrying after ${clockTime(reason.retryAt)}`;
    case 'rejected-awaiting-reading':
      return `${rejectionWords(reason.rejection, false)}; calls wait for a fresh reading of the counter`;
    case 'rejected-awaiting-wake':
      return `${rejectionWords(reason.rejection, false)}; non-critical calls wait for Wake Up`;
    case 'woken':
      return (
        `Woken up by hand. ${usage(reason.usage)}; back to sleep at ${clockTime(reason.graceEndsAt)} if ` +
        `still at or above ${percent(reason.sleepAtPercent)}`
      );
    case 'woken-past-grace':
      return `Woken up by hand. ${usage(reason.usage)}`;
    case 'wake-expired-grace':
      return (
        `Back to sleep after Wake Up: ${usage(reason.usage)}, still at or above ${percent(reason.sleepAtPercent)} ` +
        `after ${format.duration(reason.graceSeconds)}`
      );
    case 'wake-expired-critical':
      return (
        `Back to sleep after Wake Up: ${usage(reason.usage)}, reached the ` +
        `${percent(reason.criticalStopAtPercent)} critical stop`
      );
    case 'unknown':
      return `Usage unknown (${reason.why}): non-critical calls wait until Headroom can read the counter`;
    case 'not-watching':
      return reason.why;
  }
}

function rejectionWords(kind: UpstreamRejectionKind, long: boolean): string {
  if (kind === 'rate-limited') return 'Autotask answered 429 (rate limited)';
  return long
    ? 'Autotask reported its thread limit (3 calls at once per integration and entity)'
    : 'Autotask reported its thread limit';
}

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
  queueFull: (priority: Priority, capacity: number, state: ThrottleReason) =>
    `Too many ${priority} calls are already waiting (${capacity}). ${reasonWords(state)}.`,
  heldTooLong: (waitedMs: number, hold: HoldCause, state: ThrottleReason) =>
    `Held ${Math.round(waitedMs / 1000)} s and not sent: ${holdWords[hold]}. ${reasonWords(state)}.`,
};
