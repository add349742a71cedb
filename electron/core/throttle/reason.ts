/**
 * Why the throttle is in its state, as data: a kind and the figures it rests on. The rules (decide.ts) say what
 * happened; the words are made at the edge, in reason-words.ts for the main process and in the renderer's view
 * for the popover (in the user's locale), so rewording a sentence changes neither the rules nor their tests.
 */
import type { UsageFigures } from '../usage/sample';
import type { UpstreamRejectionKind } from './rejection';

/** The tenant's count as a reason quotes it, `used` in whole calls (see reasonUsage). */
export type ReasonUsage = UsageFigures;

export type ThrottleReason =
  | { kind: 'normal'; usage: ReasonUsage }
  /** At or above slowAt: non-critical calls are paced. */
  | { kind: 'slowed'; usage: ReasonUsage; slowAtPercent: number }
  /** Below slowAt but not yet below the hysteresis band: still paced until usage falls below normalBelow. */
  | { kind: 'slowed-until-below'; usage: ReasonUsage; normalBelowPercent: number }
  /** Reached sleepAt; absent resumeBelowPercent: autoResume is off, non-critical calls wait for Wake Up. */
  | { kind: 'asleep'; usage: ReasonUsage; sleepAtPercent: number; resumeBelowPercent?: number }
  | { kind: 'critical-stop'; usage: ReasonUsage; criticalStopAtPercent: number }
  /** Autotask refused a call for load; retrying after retryAt (clock time, ms). */
  | { kind: 'rejected'; rejection: UpstreamRejectionKind; retryAt: number }
  /** Retry-After has passed: calls wait for a reading of the counter taken after the refusal. */
  | { kind: 'rejected-awaiting-reading'; rejection: UpstreamRejectionKind }
  /** autoResume is off: a refusal's sleep ends with Wake Up. */
  | { kind: 'rejected-awaiting-wake'; rejection: UpstreamRejectionKind }
  /** Woken by hand, within the grace period (it ends at graceEndsAt, clock time in ms). */
  | { kind: 'woken'; usage: ReasonUsage; sleepAtPercent: number; graceEndsAt: number }
  | { kind: 'woken-past-grace'; usage: ReasonUsage }
  /** Back to sleep after Wake Up: still at or above sleepAt once the grace period was over. */
  | { kind: 'wake-expired-grace'; usage: ReasonUsage; sleepAtPercent: number; graceSeconds: number }
  /** Back to sleep after Wake Up: usage reached the critical stop. */
  | { kind: 'wake-expired-critical'; usage: ReasonUsage; criticalStopAtPercent: number }
  /** Usage is not known; `why` is the estimate's own words. */
  | { kind: 'unknown'; why: string }
  /** Nothing is watched (no connection set up, no secret, not started); `why` says which. */
  | { kind: 'not-watching'; why: string };

export type ReasonKind = ThrottleReason['kind'];

/** Rounded down: an estimate of 8,999.6 has not reached a 9,000 sleep point, and must not read as if it had. */
export function reasonUsage({ used, limit, timeframeMinutes }: UsageFigures): ReasonUsage {
  return { used: Math.floor(used), limit, timeframeMinutes };
}

/** Whether two reasons say the same: reasons are small plain data, built field by field in the same order. */
export function sameReason(a: ThrottleReason, b: ThrottleReason): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Why a call held at the gate is still waiting: the gate's hold. */
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
