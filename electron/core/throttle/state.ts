import type { ThrottleReason } from './reason';

export type ThrottleMode = 'normal' | 'slowed' | 'asleep';

/** What the controller has decided, and why. */
export interface ThrottleState {
  mode: ThrottleMode;
  /** The user pressed Wake Up and the controller has not put the connection back to sleep since. */
  wokenByUser: boolean;
  /** Usage is at or past criticalStopAt: every call, critical included, is held. */
  criticalStopped: boolean;
  /** Why, as data: its kind and figures (worded by reason-words.ts, and by the popover in the user's locale). */
  reason: ThrottleReason;
  /** Clock time (ms) of the last change of mode. */
  since: number;
  /** Set after an upstream 429 / thread-limit answer: nothing non-critical goes before this clock time (ms). */
  backoffUntil?: number;
}

/** Why the controller changed state: the notification policy and the history read this. */
export type TransitionCause =
  | 'usage' // a sample or the estimate crossed a threshold
  | 'upstream-rejection' // Autotask answered 429 or the thread-limit error
  | 'wake-up' // the user pressed Wake Up
  | 'wake-expired' // after a Wake Up, usage stayed at or above sleepAt past the grace period, or hit criticalStopAt
  | 'settings'; // thresholds changed

export interface ThrottleTransition {
  from: ThrottleState;
  to: ThrottleState;
  cause: TransitionCause;
  at: number;
}
