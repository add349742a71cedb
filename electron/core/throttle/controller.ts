/**
 * The throttle controller: normal -> slowed -> asleep, with the manual wake override. It decides the mode and the
 * reason a person reads; the gate decides, call by call, what that means for each priority.
 *
 * - normal -> slowed at slowAt; slowed -> normal only below slowAt minus the hysteresis band.
 * - -> asleep at sleepAt, or at once on an upstream 429 / thread-limit answer, which also sets backoffUntil from
 *   Retry-After: nothing non-critical goes before it.
 * - asleep -> normal when usage falls below resumeBelow, if autoResume. A sleep caused only by an upstream
 *   rejection ends when Retry-After has passed, into whatever mode usage calls for (asleep if at sleepAt).
 * - Wake Up (asleep only): non-critical calls resume, paced. If usage is still at or above sleepAt when the grace
 *   period ends (or later, while the override lasts), or it reaches criticalStopAt at any time, the connection goes
 *   back to sleep with cause 'wake-expired'. The override ends once usage falls below resumeBelow.
 * - Settings changes re-evaluate at once under the usual rules, with cause 'settings'.
 * - Unknown usage changes no mode (it is no reason to alarm anyone); the reason says so and the gate holds
 *   non-critical calls.
 *
 * Listeners hear a transition when the mode, the wake override, the critical stop or the presence of a backoff
 * changes; the reason's figures are refreshed at every evaluation without a transition. The gateway evaluates on
 * every call it lets through, so the reason's text is only written when someone reads it.
 */
import type { Clock, TimerId } from '../clock';
import type { ThrottleSettings } from '../settings/throttle-settings';
import type { UsageEstimate } from '../usage/estimate';
import { ListenerSet } from './listeners';
import { clockTimeFormatter, reasons, type UpstreamRejectionKind, type UsageFigures } from './reason';
import type { ThrottleMode, ThrottleState, ThrottleTransition, TransitionCause } from './state';
import { thresholdsFor, type Thresholds } from './thresholds';

export interface ThrottleControllerOptions {
  clock: Clock;
  settings: ThrottleSettings;
  /** Read at every evaluation; the controller keeps no usage of its own. */
  usage: () => UsageEstimate;
  /** Clock times in reasons ("retrying after 14:05"); the machine's time zone by default. */
  formatTime?: (ms: number) => string;
}

export interface UpstreamRejection {
  kind: UpstreamRejectionKind;
  /** From Retry-After (the caller parses it; Autotask may not send one, so the caller picks its default). */
  retryAfterMs: number;
}

/** What ended up putting the connection to sleep decides how it wakes. */
type SleepOrigin = 'usage' | 'upstream-rejection';

/** The reason's text, written from the figures of the evaluation that decided it. */
type Reason = () => string;

interface Decision {
  mode: ThrottleMode;
  wokenByUser: boolean;
  criticalStopped: boolean;
  reason: Reason;
  cause: TransitionCause;
  sleepOrigin?: SleepOrigin;
}

export class ThrottleController {
  private settings: ThrottleSettings;
  private current: ThrottleState;
  private sleepOrigin: SleepOrigin | undefined;
  private rejectionKind: UpstreamRejectionKind = 'rate-limited';
  private backoffUntil: number | undefined;
  private graceEndsAt: number | undefined;
  private backoffTimer: TimerId | undefined;
  private graceTimer: TimerId | undefined;
  private readonly listeners = new ListenerSet<ThrottleTransition>();
  /** The reason of the latest evaluation, when it left the state as it was and nobody has read the state since. */
  private latestReason: Reason | undefined;
  private readonly clock: Clock;
  private readonly usage: () => UsageEstimate;
  private readonly formatTime: (ms: number) => string;

  constructor(options: ThrottleControllerOptions) {
    this.clock = options.clock;
    this.settings = options.settings;
    this.usage = options.usage;
    this.formatTime = options.formatTime ?? clockTimeFormatter();
    const now = this.clock.now();
    const start = { mode: 'normal', wokenByUser: false, criticalStopped: false, since: now } as const;
    this.current = stateWith(start, () => '');
    this.current = stateWith(start, this.decide(this.usage(), now, 'usage').reason);
  }

  /** The state, its reason told with the figures of the latest evaluation; a state once read stays as it was. */
  get state(): ThrottleState {
    if (this.latestReason) {
      const { mode, wokenByUser, criticalStopped, since, backoffUntil } = this.current;
      const fields = {
        mode,
        wokenByUser,
        criticalStopped,
        since,
        ...(backoffUntil !== undefined ? { backoffUntil } : {}),
      };
      this.current = stateWith(fields, this.latestReason);
      this.latestReason = undefined;
    }
    return this.current;
  }

  /** The mode and the wake override, for readers that need no reason (the gate and the gateway, call by call). */
  get mode(): ThrottleMode {
    return this.current.mode;
  }

  get wokenByUser(): boolean {
    return this.current.wokenByUser;
  }

  get currentSettings(): ThrottleSettings {
    return this.settings;
  }

  /** Whether Retry-After from an upstream rejection still forbids non-critical calls at `now`. */
  isBackingOff(now = this.clock.now()): boolean {
    return this.backoffUntil !== undefined && now < this.backoffUntil;
  }

  onTransition(listener: (transition: ThrottleTransition) => void): () => void {
    return this.listeners.add(listener);
  }

  /** Re-reads usage and applies the rules; the engine calls this on every sample and every call of ours. */
  evaluate(trigger: TransitionCause = 'usage'): void {
    const now = this.clock.now();
    if (this.backoffUntil !== undefined && now >= this.backoffUntil) this.backoffUntil = undefined;
    this.apply(this.decide(this.usage(), now, trigger), now);
  }

  updateSettings(settings: ThrottleSettings): void {
    this.settings = settings;
    this.evaluate('settings');
  }

  reportUpstreamRejection({ kind, retryAfterMs }: UpstreamRejection): void {
    const now = this.clock.now();
    this.backoffUntil = Math.max(this.backoffUntil ?? now, now + Math.max(0, retryAfterMs));
    this.rejectionKind = kind;
    this.endWakeOverride();
    if (this.backoffTimer !== undefined) this.clock.clearTimeout(this.backoffTimer);
    this.backoffTimer = this.clock.setTimeout(() => this.evaluate('usage'), this.backoffUntil - now);
    const usage = this.usage();
    const stillAsleepFromUsage = this.current.mode === 'asleep' && this.sleepOrigin === 'usage';
    const retryAt = this.backoffUntil;
    this.apply(
      {
        mode: 'asleep',
        wokenByUser: false,
        criticalStopped: this.isCriticalStop(usage),
        reason: () => reasons.rejected(kind, this.formatTime(retryAt)),
        cause: 'upstream-rejection',
        sleepOrigin: stillAsleepFromUsage ? 'usage' : 'upstream-rejection',
      },
      now,
    );
  }

  /** Wake Up: only while asleep. Returns whether it woke the connection. */
  wakeUp(): boolean {
    if (this.current.mode !== 'asleep') return false;
    const now = this.clock.now();
    const graceEndsAt = now + this.settings.wakeGraceSeconds * 1000;
    this.graceEndsAt = graceEndsAt;
    this.graceTimer = this.clock.setTimeout(() => this.evaluate('usage'), graceEndsAt - now);
    this.sleepOrigin = undefined;
    const usage = this.usage();
    const thresholds = usage.known ? this.thresholds(usage) : undefined;
    const settings = this.settings;
    let reason: Reason;
    if (usage.known) {
      const figures = this.figures(usage);
      reason = () => reasons.woken(figures, settings, this.formatTime(graceEndsAt));
    } else {
      const why = usage.why;
      reason = () => reasons.unknown(why);
    }
    this.apply(
      {
        mode: thresholds && usage.known && usage.used < thresholds.slowAt ? 'normal' : 'slowed',
        wokenByUser: true,
        criticalStopped: this.isCriticalStop(usage),
        reason,
        cause: 'wake-up',
      },
      now,
    );
    // Woken at or past the critical stop: straight back to sleep, and the reason says why.
    this.evaluate('usage');
    return true;
  }

  dispose(): void {
    if (this.backoffTimer !== undefined) this.clock.clearTimeout(this.backoffTimer);
    this.endWakeOverride();
    this.listeners.clear();
  }

  private decide(usage: UsageEstimate, now: number, trigger: TransitionCause): Decision {
    const state = this.current;
    const settings = this.settings;
    const rejectionKind = this.rejectionKind;
    const keep = { mode: state.mode, wokenByUser: state.wokenByUser, cause: trigger };
    const backingOff = this.isBackingOff(now);
    if (backingOff && state.mode === 'asleep') {
      const retryAt = this.backoffUntil ?? now;
      const reason = () => reasons.rejected(rejectionKind, this.formatTime(retryAt));
      return { ...keep, criticalStopped: this.isCriticalStop(usage), reason };
    }
    if (!usage.known) {
      const why = usage.why;
      return { ...keep, criticalStopped: false, reason: () => reasons.unknown(why) };
    }

    const t = this.thresholds(usage);
    const figures = this.figures(usage);
    const used = usage.used;
    const criticalStopped = used >= t.criticalStopAt;
    const asleep = (cause: TransitionCause, reason: Reason): Decision => ({
      mode: 'asleep',
      wokenByUser: false,
      criticalStopped,
      reason,
      cause,
      sleepOrigin: 'usage',
    });
    const awake = (from: ThrottleMode, wokenByUser: boolean, cause: TransitionCause): Decision => {
      const mode = bandMode(from, used, t);
      const reason = mode === 'slowed' ? () => reasons.slowed(figures, settings) : () => reasons.normal(figures);
      return { mode, wokenByUser, criticalStopped, reason, cause };
    };
    const usageAsleep = (cause: TransitionCause) =>
      asleep(
        cause,
        criticalStopped ? () => reasons.criticalStop(figures, settings) : () => reasons.asleep(figures, settings),
      );

    if (state.wokenByUser) {
      if (criticalStopped) return asleep('wake-expired', () => reasons.wakeExpiredCritical(figures, settings));
      const graceEndsAt = this.graceEndsAt;
      const graceOver = graceEndsAt === undefined || now >= graceEndsAt;
      if (graceOver && used >= t.sleepAt)
        return asleep('wake-expired', () => reasons.wakeExpiredGrace(figures, settings));
      if (used < t.resumeBelow) return awake(state.mode, false, trigger);
      const reason = graceOver
        ? () => reasons.wokenPastGrace(figures)
        : () => reasons.woken(figures, settings, this.formatTime(graceEndsAt));
      return { ...awake(state.mode, true, trigger), reason };
    }
    if (state.mode === 'asleep') {
      if (this.sleepOrigin === 'upstream-rejection') {
        if (!this.settings.autoResume) {
          return { ...keep, criticalStopped, reason: () => reasons.rejectedAwaitingWake(rejectionKind) };
        }
        return used >= t.sleepAt ? usageAsleep(trigger) : awake('normal', false, trigger);
      }
      if (this.settings.autoResume && used < t.resumeBelow) return awake('normal', false, trigger);
      return usageAsleep(trigger);
    }
    if (used >= t.sleepAt) return usageAsleep(trigger);
    return awake(state.mode, false, trigger);
  }

  private apply(decision: Decision, now: number): void {
    const from = this.current;
    if (decision.mode === 'asleep' && decision.sleepOrigin) this.sleepOrigin = decision.sleepOrigin;
    if (decision.mode !== 'asleep') this.sleepOrigin = undefined;
    if (from.wokenByUser && !decision.wokenByUser) this.endWakeOverride();
    const backoffUntil = this.isBackingOff(now) ? this.backoffUntil : undefined;
    if (
      from.mode === decision.mode &&
      from.wokenByUser === decision.wokenByUser &&
      from.criticalStopped === decision.criticalStopped &&
      from.backoffUntil === backoffUntil
    ) {
      // The same state with new figures: the gateway evaluates on every call it lets through, so the state a
      // reader sees is made when it is read (see `state`), not here.
      this.latestReason = decision.reason;
      return;
    }
    const before = this.state;
    this.latestReason = undefined;
    const to = stateWith(
      {
        mode: decision.mode,
        wokenByUser: decision.wokenByUser,
        criticalStopped: decision.criticalStopped,
        since: decision.mode === from.mode ? from.since : now,
        ...(backoffUntil !== undefined ? { backoffUntil } : {}),
      },
      decision.reason,
    );
    this.current = to;
    const changed =
      from.mode !== to.mode ||
      from.wokenByUser !== to.wokenByUser ||
      from.criticalStopped !== to.criticalStopped ||
      (from.backoffUntil === undefined) !== (to.backoffUntil === undefined);
    if (changed) this.listeners.emit({ from: before, to, cause: decision.cause, at: now });
  }

  private endWakeOverride(): void {
    if (this.graceTimer !== undefined) this.clock.clearTimeout(this.graceTimer);
    this.graceTimer = undefined;
    this.graceEndsAt = undefined;
  }

  private isCriticalStop(usage: UsageEstimate): boolean {
    return usage.known && usage.used >= this.thresholds(usage).criticalStopAt;
  }

  private thresholds(usage: { limit: number }): Thresholds {
    return thresholdsFor(this.settings, usage.limit);
  }

  private figures(usage: UsageFigures): UsageFigures {
    return { used: usage.used, limit: usage.limit, timeframeMinutes: usage.timeframeMinutes };
  }
}

/** A state whose reason is written the first time it is read, and then kept. */
function stateWith(fields: Omit<ThrottleState, 'reason'>, reason: Reason): ThrottleState {
  let text: string | undefined;
  return {
    ...fields,
    get reason() {
      return (text ??= reason());
    },
  };
}

/** normal or slowed by usage alone, with hysteresis: a value hovering at slowAt does not flap. */
function bandMode(from: ThrottleMode, used: number, t: Thresholds): ThrottleMode {
  if (used >= t.slowAt) return 'slowed';
  if (from === 'slowed' && used >= t.normalBelow) return 'slowed';
  return 'normal';
}
