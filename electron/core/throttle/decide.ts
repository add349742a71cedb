/**
 * The controller's rules as one pure function: from the state, the usage estimate, the settings and what is
 * pending (a rejection, a Wake Up's grace), the state to be in and why, as data (reason.ts; words at the edge).
 *
 * - normal -> slowed at slowAt; slowed -> normal only below slowAt minus the hysteresis band.
 * - -> asleep at sleepAt; asleep -> normal below resumeBelow, if autoResume.
 * - A sleep caused by Autotask refusing a call ends only on a reading of the counter taken after the refusal:
 *   the figures from before it are what the refusal just contradicted. After a 429 for the hourly limit every
 *   call waits, critical ones too (the gate lets one probe go at Retry-After).
 * - Wake Up: non-critical calls resume, paced. If usage is still at or above sleepAt once the grace period is over,
 *   or it reaches criticalStopAt at any time, back to sleep with cause 'wake-expired'. The override ends once usage
 *   falls below resumeBelow.
 * - Unknown usage changes no mode (it is no reason to alarm anyone); the reason says so and the gate holds
 *   non-critical calls.
 */
import type { ThrottleSettings } from '../settings/throttle-settings';
import type { KnownEstimate, UsageEstimate } from '../usage/estimate';
import { reasonUsage, type ThrottleReason } from './reason';
import type { UpstreamRejectionKind } from './rejection';
import type { ThrottleMode, TransitionCause } from './state';
import { isCriticalStop, thresholdsFor, type Thresholds } from './thresholds';

/** Once stopped, the state shows the critical stop until usage is this share of the limit below it. */
const CRITICAL_BAND_SHARE = 0.01;

/** What put the connection to sleep decides how it wakes. */
export type SleepOrigin = 'usage' | 'upstream-rejection';

/** A refusal from Autotask that still holds the connection asleep. */
export interface PendingRejection {
  kind: UpstreamRejectionKind;
  /** When it came: only a reading taken after it ends the sleep. */
  at: number;
  /** Retry-After, as a clock time. */
  retryAt: number;
}

export interface DecisionInput {
  mode: ThrottleMode;
  wokenByUser: boolean;
  /** Whether the state says every call waits now: the flag is left only a little below criticalStopAt. */
  criticalStopped: boolean;
  sleepOrigin: SleepOrigin | undefined;
  rejection: PendingRejection | undefined;
  /** While woken by hand: when the grace period ends. */
  graceEndsAt: number | undefined;
  usage: UsageEstimate;
  settings: ThrottleSettings;
  now: number;
  trigger: TransitionCause;
}

export interface Decision {
  /** No refusal holds the connection any more: none came, or a reading taken after it has. */
  rejectionOver: boolean;
  mode: ThrottleMode;
  wokenByUser: boolean;
  criticalStopped: boolean;
  reason: ThrottleReason;
  cause: TransitionCause;
  sleepOrigin: SleepOrigin | undefined;
}

export function decide(input: DecisionInput): Decision {
  const rejectionOver = !input.rejection || readAfter(input.usage, input.rejection.at);
  return { ...decideState(input, rejectionOver), rejectionOver };
}

type StateDecision = Omit<Decision, 'rejectionOver'>;

function decideState(input: DecisionInput, rejectionOver: boolean): StateDecision {
  const { usage, settings, rejection, trigger } = input;
  if (input.mode === 'asleep' && !input.wokenByUser && rejection && !rejectionOver) {
    return stillRejected(input, rejection);
  }
  if (input.mode === 'asleep' && input.sleepOrigin === 'upstream-rejection' && rejection && !settings.autoResume) {
    return asleep(input, 'upstream-rejection', isKnownCriticalStop(input), {
      kind: 'rejected-awaiting-wake',
      rejection: rejection.kind,
    });
  }
  if (!usage.known) {
    const keep = { mode: input.mode, wokenByUser: input.wokenByUser, sleepOrigin: input.sleepOrigin };
    return { ...keep, criticalStopped: false, reason: { kind: 'unknown', why: usage.why }, cause: trigger };
  }
  const t = thresholdsFor(settings, usage.limit);
  const used = usage.used;
  const atCriticalStop = isCriticalStop(usage, settings);
  // Held critical calls drain one by one as room frees at the line: the state is not to flicker with each one.
  const criticalBand = Math.max(1, usage.limit * CRITICAL_BAND_SHARE);
  const criticalStopped =
    atCriticalStop || (input.criticalStopped && usage.usedAtLeast >= t.criticalStopAt - criticalBand);
  const usageAsleep = (cause: TransitionCause): StateDecision =>
    asleep(
      { ...input, trigger: cause },
      'usage',
      criticalStopped,
      criticalStopped
        ? { kind: 'critical-stop', usage: reasonUsage(usage), criticalStopAtPercent: settings.criticalStopAtPercent }
        : asleepReason(usage, settings),
    );

  if (input.wokenByUser) {
    if (atCriticalStop) {
      const reason = {
        kind: 'wake-expired-critical',
        usage: reasonUsage(usage),
        criticalStopAtPercent: settings.criticalStopAtPercent,
      } as const;
      return asleep({ ...input, trigger: 'wake-expired' }, 'usage', true, reason);
    }
    const graceEndsAt = input.graceEndsAt;
    const graceOver = graceEndsAt === undefined || input.now >= graceEndsAt;
    if (graceOver && used >= t.sleepAt) {
      const reason = {
        kind: 'wake-expired-grace',
        usage: reasonUsage(usage),
        sleepAtPercent: settings.sleepAtPercent,
        graceSeconds: settings.wakeGraceSeconds,
      } as const;
      return asleep({ ...input, trigger: 'wake-expired' }, 'usage', false, reason);
    }
    if (used < t.resumeBelow) return awake(input.mode, false, usage, input);
    const reason: ThrottleReason = graceOver
      ? { kind: 'woken-past-grace', usage: reasonUsage(usage) }
      : { kind: 'woken', usage: reasonUsage(usage), sleepAtPercent: settings.sleepAtPercent, graceEndsAt };
    return { ...awake(input.mode, true, usage, input), reason };
  }
  if (input.mode === 'asleep' && input.sleepOrigin !== 'upstream-rejection') {
    if (settings.autoResume && used < t.resumeBelow) return awake('normal', false, usage, input);
    return usageAsleep(trigger);
  }
  if (used >= t.sleepAt) return usageAsleep(trigger);
  return awake(input.mode === 'asleep' ? 'normal' : input.mode, false, usage, input);
}

/** Whether a reading of the counter (not another refusal) was taken after `at`. */
function readAfter(usage: UsageEstimate, at: number): boolean {
  return usage.reading?.kind === 'sample' && usage.reading.at > at;
}

function stillRejected(input: DecisionInput, rejection: PendingRejection): StateDecision {
  const reason: ThrottleReason =
    input.now < rejection.retryAt
      ? { kind: 'rejected', rejection: rejection.kind, retryAt: rejection.retryAt }
      : { kind: 'rejected-awaiting-reading', rejection: rejection.kind };
  // At the hourly limit every call would be refused: critical ones wait too. A sleep that usage had caused before
  // the refusal still ends by usage's rule (below resumeBelow) once a reading allows.
  const criticalStopped = rejection.kind === 'rate-limited' || isKnownCriticalStop(input);
  return asleep(input, input.sleepOrigin ?? 'upstream-rejection', criticalStopped, reason);
}

function isKnownCriticalStop({ usage, settings }: DecisionInput): boolean {
  return usage.known && isCriticalStop(usage, settings);
}

function asleepReason(usage: KnownEstimate, settings: ThrottleSettings): ThrottleReason {
  const { sleepAtPercent, resumeBelowPercent } = settings;
  return settings.autoResume
    ? { kind: 'asleep', usage: reasonUsage(usage), sleepAtPercent, resumeBelowPercent }
    : { kind: 'asleep', usage: reasonUsage(usage), sleepAtPercent };
}

function asleep(
  input: DecisionInput,
  origin: SleepOrigin,
  criticalStopped: boolean,
  reason: ThrottleReason,
): StateDecision {
  return { mode: 'asleep', wokenByUser: false, criticalStopped, reason, cause: input.trigger, sleepOrigin: origin };
}

/** normal or slowed by usage alone, with hysteresis: a value hovering at slowAt does not flap. */
function awake(from: ThrottleMode, wokenByUser: boolean, usage: KnownEstimate, input: DecisionInput): StateDecision {
  const { settings } = input;
  const t = thresholdsFor(settings, usage.limit);
  const slowed = usage.used >= t.slowAt || (from === 'slowed' && usage.used >= t.normalBelow);
  return {
    mode: slowed ? 'slowed' : 'normal',
    wokenByUser,
    criticalStopped: false,
    reason: awakeReason(slowed, usage, t, settings),
    cause: input.trigger,
    sleepOrigin: undefined,
  };
}

function awakeReason(slowed: boolean, usage: KnownEstimate, t: Thresholds, settings: ThrottleSettings): ThrottleReason {
  if (!slowed) return { kind: 'normal', usage: reasonUsage(usage) };
  return usage.used >= t.slowAt
    ? { kind: 'slowed', usage: reasonUsage(usage), slowAtPercent: settings.slowAtPercent }
    : {
        kind: 'slowed-until-below',
        usage: reasonUsage(usage),
        normalBelowPercent: settings.slowAtPercent - settings.hysteresisPercent,
      };
}
