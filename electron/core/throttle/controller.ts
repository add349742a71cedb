/**
 * The throttle controller: normal -> slowed -> asleep, with the manual wake override. It keeps what the rules in
 * decide.ts need between evaluations (a pending rejection, the Wake Up grace, what caused a sleep), runs their
 * timers, and tells listeners of each transition. The gate decides, call by call, what a state means for each
 * priority.
 *
 * Listeners hear a transition when the mode, the wake override, the critical stop or the presence of a backoff
 * changes; the reason's figures are refreshed at every evaluation without a transition.
 */
import type { Clock, TimerId } from '../clock';
import type { ThrottleSettings } from '../settings/throttle-settings';
import type { UsageEstimate } from '../usage/estimate';
import { decide, type Decision, type PendingRejection, type SleepOrigin } from './decide';
import { ListenerSet } from './listeners';
import { sameReason } from './reason';
import type { UpstreamRejection } from './rejection';
import type { ThrottleMode, ThrottleState, ThrottleTransition, TransitionCause } from './state';

export interface ThrottleControllerOptions {
  clock: Clock;
  settings: ThrottleSettings;
  /** Read at every evaluation; the controller keeps no usage of its own. */
  usage: () => UsageEstimate;
  /** Retry-After has passed after a refusal: a fresh reading is what can end the sleep now. */
  onBackoffOver?: () => void;
}

export class ThrottleController {
  private settings: ThrottleSettings;
  private current: ThrottleState;
  private sleepOrigin: SleepOrigin | undefined;
  private rejection: PendingRejection | undefined;
  /** No reading has been taken since the last refusal. */
  private rejectionHolds = false;
  private graceEndsAt: number | undefined;
  private backoffTimer: TimerId | undefined;
  private graceTimer: TimerId | undefined;
  private readonly listeners = new ListenerSet<ThrottleTransition>();
  private readonly clock: Clock;
  private readonly usage: () => UsageEstimate;

  constructor(private readonly options: ThrottleControllerOptions) {
    this.clock = options.clock;
    this.settings = options.settings;
    this.usage = options.usage;
    const now = this.clock.now();
    const start = { mode: 'normal', wokenByUser: false, criticalStopped: false, since: now } as const;
    this.current = { ...start, reason: this.decideNow('usage', now, { ...start, sleepOrigin: undefined }).reason };
  }

  get state(): ThrottleState {
    return this.current;
  }

  get mode(): ThrottleMode {
    return this.current.mode;
  }

  get wokenByUser(): boolean {
    return this.current.wokenByUser;
  }

  /** While woken by hand: when the Wake Up grace period ends (ms). */
  get wakeGraceEndsAt(): number | undefined {
    return this.current.wokenByUser ? this.graceEndsAt : undefined;
  }

  get currentSettings(): ThrottleSettings {
    return this.settings;
  }

  /** Whether Retry-After from an upstream rejection still forbids non-critical calls at `now`. */
  isBackingOff(now = this.clock.now()): boolean {
    return this.rejection !== undefined && now < this.rejection.retryAt;
  }

  /**
   * A 429 for the hourly limit holds every call until a reading after it: the gate's one probe may go from this
   * clock time. Undefined when no such refusal holds the connection.
   */
  get probeDueAt(): number | undefined {
    const held = this.current.mode === 'asleep' && this.rejectionHolds && this.rejection?.kind === 'rate-limited';
    return held ? this.rejection?.retryAt : undefined;
  }

  onTransition(listener: (transition: ThrottleTransition) => void): () => void {
    return this.listeners.add(listener);
  }

  /** Re-reads usage and applies the rules; the engine calls this on every reading and every call of ours. */
  evaluate(trigger: TransitionCause = 'usage'): void {
    const now = this.clock.now();
    this.apply(this.decideNow(trigger, now), now);
  }

  updateSettings(settings: ThrottleSettings): void {
    this.settings = settings;
    this.evaluate('settings');
  }

  /** Autotask refused a call for load: asleep at once, until a reading taken after this refusal. */
  reportUpstreamRejection({ kind, retryAfterMs }: UpstreamRejection): void {
    const now = this.clock.now();
    const retryAt = Math.max(this.rejection?.retryAt ?? now, now + Math.max(0, retryAfterMs));
    this.rejection = { kind, at: now, retryAt };
    if (this.backoffTimer !== undefined) this.clock.clearTimeout(this.backoffTimer);
    this.backoffTimer = this.clock.setTimeout(() => {
      this.backoffTimer = undefined;
      this.evaluate('usage');
      this.options.onBackoffOver?.();
    }, retryAt - now);
    // A sleep usage had caused goes on ending by usage's rule; the refusal only holds it until a reading after it.
    const fromUsage = this.current.mode === 'asleep' && this.sleepOrigin === 'usage';
    const asleep = {
      mode: 'asleep',
      wokenByUser: false,
      sleepOrigin: fromUsage ? 'usage' : 'upstream-rejection',
    } as const;
    this.apply({ ...this.decideNow('upstream-rejection', now, asleep), cause: 'upstream-rejection' }, now);
  }

  /** Wake Up: only while asleep. Returns whether it woke the connection. */
  wakeUp(): boolean {
    if (this.current.mode !== 'asleep') return false;
    const now = this.clock.now();
    this.graceEndsAt = now + this.settings.wakeGraceSeconds * 1000;
    this.graceTimer = this.clock.setTimeout(() => this.evaluate('usage'), this.graceEndsAt - now);
    // Woken, the rules settle the mode: paced, normal far below slowAt, straight back to sleep at the critical stop.
    const woken = { mode: 'slowed', wokenByUser: true, sleepOrigin: undefined } as const;
    this.apply(this.decideNow('wake-up', now, woken), now);
    // Straight back to sleep (at the critical stop): the grace period never began.
    if (!this.current.wokenByUser) this.endWakeOverride();
    return true;
  }

  dispose(): void {
    if (this.backoffTimer !== undefined) this.clock.clearTimeout(this.backoffTimer);
    this.endWakeOverride();
    this.listeners.clear();
  }

  /**
   * The rules' answer now; `as`: the state to apply them from, when an event has just changed it (or, at the
   * start, when there is no state yet).
   */
  private decideNow(
    trigger: TransitionCause,
    now: number,
    as?: Pick<Decision, 'mode' | 'wokenByUser' | 'sleepOrigin'> & { criticalStopped?: boolean },
  ): Decision {
    return decide({
      mode: as?.mode ?? this.current.mode,
      wokenByUser: as?.wokenByUser ?? this.current.wokenByUser,
      criticalStopped: as?.criticalStopped ?? this.current.criticalStopped,
      sleepOrigin: as ? as.sleepOrigin : this.sleepOrigin,
      rejection: this.rejection,
      graceEndsAt: this.graceEndsAt,
      usage: this.usage(),
      settings: this.settings,
      now,
      trigger,
    });
  }

  private apply(decision: Decision, now: number): void {
    const from = this.current;
    this.sleepOrigin = decision.mode === 'asleep' ? decision.sleepOrigin : undefined;
    this.rejectionHolds = !decision.rejectionOver;
    const awaitingWake = decision.mode === 'asleep' && decision.sleepOrigin === 'upstream-rejection';
    if (decision.rejectionOver && !this.isBackingOff(now) && !awaitingWake) this.rejection = undefined;
    if (from.wokenByUser && !decision.wokenByUser) this.endWakeOverride();
    const backoffUntil = this.isBackingOff(now) ? this.rejection?.retryAt : undefined;
    const to: ThrottleState = {
      mode: decision.mode,
      wokenByUser: decision.wokenByUser,
      criticalStopped: decision.criticalStopped,
      reason: decision.reason,
      since: decision.mode === from.mode ? from.since : now,
      ...(backoffUntil !== undefined ? { backoffUntil } : {}),
    };
    const changed =
      from.mode !== to.mode ||
      from.wokenByUser !== to.wokenByUser ||
      from.criticalStopped !== to.criticalStopped ||
      (from.backoffUntil === undefined) !== (to.backoffUntil === undefined);
    const same = !changed && sameReason(from.reason, to.reason) && from.backoffUntil === to.backoffUntil;
    if (!same) this.current = to;
    if (changed) this.listeners.emit({ from, to, cause: decision.cause, at: now });
  }

  private endWakeOverride(): void {
    if (this.graceTimer !== undefined) this.clock.clearTimeout(this.graceTimer);
    this.graceTimer = undefined;
    this.graceEndsAt = undefined;
  }
}
