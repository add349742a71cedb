/**
 * When the next non-critical call may go: the gate's budget, separate from its queues.
 *
 * - Never while asleep without a Wake Up, before an upstream Retry-After has passed, or while usage is unknown (no
 *   reading yet, the last one older than the window, or the connection offline / credentials rejected).
 * - Only while the worst-case estimate stays below the ceiling: sleepAt less a small margin, the reserve below and
 *   the room a repeat of the others' largest burst would take past criticalStopAt; or, after a Wake Up,
 *   criticalStopAt less the small margin.
 * - At once below slowAt (and below the target), whatever the reading's age, as long as what the count may rise by
 *   over the window ahead still fits under the ceiling: our own calls are counted exactly, and the worst case
 *   carries what the others may have added since. Above it, and always after a Wake Up, paced (pacing.ts) towards
 *   the target: below the ceiling by a soft margin, or by the others' surge under way until the next reading.
 * - A reserve keeps room for what pacing cannot hold back (the others' arrivals beyond their departures, their
 *   noise, our critical calls and polls) until enough of our own calls leave the window to make up for it. In
 *   even, steady pacing it is about the others' noise.
 * - The plan looks a whole window ahead: a call released now stays in the window for all of it, while the others'
 *   count goes on rising as long as their rate climbs (their rate now less their rate one window ago). Where their
 *   count is climbing, the room ahead shrinks by that climb, so our share shrinks in time.
 * - Spending is never blind for long. Each reading shows the room to the next line; once a sixth of it is spent
 *   (by us, or by what the others are projected to add; never less than 1% of the limit) a fresh reading is asked
 *   for, and once a quarter is spent before it comes, calls wait for it, at most 5 s, then go on from the room
 *   left. Worked example, 300 calls a minute, slowAt 225, the last reading at 0: a reading is asked for after 37
 *   calls; if another integration's 120 calls came meanwhile, calls stop at 56 until the reading shows them, and go
 *   on from the 49 left to slowAt, not from the 169 the old reading promised.
 */
import type { Clock } from '../clock';
import { AUTOTASK_WINDOW_MS } from '../usage/autotask-window';
import type { ConnectionHealth } from '../usage/connection';
import type { KnownEstimate, UsageEstimator } from '../usage/estimate';
import { NOISE_DEVIATIONS } from '../usage/noise';
import { OwnCallLog } from '../usage/own-call-log';
import type { ThrottleController } from './controller';
import { Pacer, pacedRatePerMs } from './pacing';
import type { HoldCause } from './reason';
import { isCriticalStop, thresholdsFor, type Thresholds } from './thresholds';

export interface ReleaseTuning {
  /** Room below the ceiling that no non-critical call may take, as a share of the limit. */
  hardMarginShare: number;
  /** Where pacing settles below sleepAt, as a share of the limit: the others' noise between readings lands in it. */
  softMarginShare: number;
  /** Our calls that pacing does not hold (critical, polls) are taken to go on at their rate over this share. */
  unpacedSpanShare: number;
  /** A gap to the target is closed over this share of the window (1/12: 5 min of 60). */
  closeGapShare: number;
  /** Pacing plans this share of the window ahead (1/4: 15 min of 60). */
  planAheadShare: number;
  /** After a Wake Up, the slowest pace, as a share of the limit per window, so woken calls do move. */
  wakeTrickleShare: number;
  /** Once this share of the room the last reading showed is spent, a fresh reading is asked for. */
  askReadingShare: number;
  /** Once this share is spent before the fresh reading comes, calls wait for it. */
  awaitReadingShare: number;
  /** Spending below this share of the limit (twice it for waiting) never asks for a reading: each read is a call. */
  readingSpendFloorShare: number;
  /** The longest calls wait for a late reading before going on from the room left, in ms. */
  readingWaitMs: number;
  /** Pacing takes a pace to last this share of the window at most before a reading re-plans it (1/10: 6 min of 60). */
  keepPaceShare: number;
}

export const defaultReleaseTuning: ReleaseTuning = {
  hardMarginShare: 0.003,
  softMarginShare: 0.012,
  unpacedSpanShare: 1 / 12,
  closeGapShare: 1 / 12,
  planAheadShare: 1 / 4,
  wakeTrickleShare: 0.02,
  askReadingShare: 1 / 6,
  awaitReadingShare: 1 / 4,
  readingSpendFloorShare: 0.01,
  readingWaitMs: 5_000,
  keepPaceShare: 1 / 10,
};

/** Why the next non-critical call may not go yet. */
export type Hold = Extract<
  HoldCause,
  'asleep' | 'backoff' | 'unknown' | 'critical-stop' | 'ceiling' | 'reading' | 'paced'
>;

const MINUTE = 60_000;
/** Between readings the plan is redone at least this often, as a share of the window (6 s of Autotask's 60 min). */
const REPLAN_WINDOW_SHARE = 1 / 600;

export interface ReleasePlanOptions {
  clock: Clock;
  controller: ThrottleController;
  estimator: UsageEstimator;
  requestFreshSample?: () => void;
  tuning?: Partial<ReleaseTuning>;
}

export class ReleasePlan {
  private readonly pacer = new Pacer();
  /** Our non-critical releases, to tell the calls pacing controls from those it does not (critical, polls). */
  private readonly pacedLog = new OwnCallLog(2 * AUTOTASK_WINDOW_MS);
  private readonly tuning: ReleaseTuning;
  private reserve = 0;
  /**
   * Room kept for a repeat of the largest burst the others have shown in the last two windows, beyond what fits
   * between sleepAt and criticalStopAt: a repeat lands at criticalStopAt at most, where every call still passes.
   */
  private burstRoom = 0;
  /** The most the count may rise over the window ahead with no paced call: the free path below slowAt keeps it. */
  private peakRise = 0;
  private plannedAt = Number.NEGATIVE_INFINITY;
  /** The most room seen since the latest reading; whether a fresh one was asked for, and since when calls wait for it. */
  private roomAtReading = 0;
  private freshAsked = false;
  private awaitingSince: number | undefined;
  private freshRequests = 0;
  private connection: ConnectionHealth = 'ok';

  constructor(private readonly options: ReleasePlanOptions) {
    this.tuning = { ...defaultReleaseTuning, ...options.tuning };
  }

  /** How many fresh readings were asked for (each costs the tenant one request). */
  get freshSamplesRequested(): number {
    return this.freshRequests;
  }

  /** The pace paced calls go at now, per minute: while calls go at once below slowAt, the pace they would take. */
  get pacedPerMinute(): number {
    return this.pacer.rate * MINUTE;
  }

  setConnection(health: ConnectionHealth): void {
    this.connection = health;
  }

  /** Why the counter cannot be read now, when that is so: the estimate only ages a reading nobody can check. */
  get blind(): Extract<ConnectionHealth, 'offline' | 'auth-failed'> | undefined {
    return this.connection === 'offline' || this.connection === 'auth-failed' ? this.connection : undefined;
  }

  /** A new reading: the counter steers again, so re-plan, and note the room it shows. */
  onSample(): void {
    this.replan();
    const usage = this.options.estimator.estimateAt(this.options.clock.now());
    this.spendFrom(usage.known ? this.roomNow(usage) : 0);
  }

  /** Why the next non-critical call may not go now (undefined: it may). */
  hold(): Hold | undefined {
    const now = this.options.clock.now();
    const { controller } = this.options;
    const { mode, wokenByUser } = controller;
    if (mode === 'asleep' && !wokenByUser) {
      this.askForReadingToResume(now);
      return 'asleep';
    }
    if (controller.isBackingOff(now)) return 'backoff';
    if (this.blind) return 'unknown';
    const usage = this.options.estimator.estimateAt(now);
    if (!usage.known) return 'unknown';
    if (isCriticalStop(usage, controller.currentSettings)) return 'critical-stop';
    // The reserve and the rise ahead count our calls that are about to leave the window; once they have left,
    // the estimate shows it, and a plan that still counted them would count that room twice.
    if (!this.pacer.planned || now - this.plannedAt >= usage.timeframeMinutes * MINUTE * REPLAN_WINDOW_SHARE) {
      this.replan();
    }
    const t = this.thresholds(usage);
    if (usage.worstCase + 1 > this.ceiling(t, wokenByUser)) return 'ceiling';
    if (this.mustAwaitReading(usage, now)) return 'reading';
    if (this.free(usage, t)) return undefined;
    return this.pacer.tryTake(now) ? undefined : 'paced';
  }

  /** A non-critical call went. */
  released(at: number): void {
    this.pacedLog.record(at);
  }

  /** When a call held for `hold` could next go without a reading, a transition or a setting changing it. */
  nextChance(hold: Hold | undefined): number | undefined {
    const now = this.options.clock.now();
    switch (hold) {
      case 'paced':
        return this.pacer.nextTokenAt(now);
      case 'ceiling':
      case 'critical-stop':
        return this.nextRecount(now);
      case 'reading':
        return (this.awaitingSince ?? now) + this.tuning.readingWaitMs;
      case 'asleep':
        return this.options.controller.currentSettings.autoResume ? this.nextRecount(now) : undefined;
      default:
        return undefined;
    }
  }

  /**
   * When the estimate is next worth another look with nothing else happening: when one of our calls leaves the
   * window, or after a short while, as the others' calls leave it.
   */
  nextRecount(now: number): number {
    const step = now + this.options.estimator.windowMs / 120;
    return Math.min(step, this.options.estimator.nextOwnAgingAfter(now) ?? step);
  }

  /** How long until `ahead` more paced calls have gone, if pacing; undefined otherwise. */
  pacedWaitMs(ahead: number): number | undefined {
    return this.pacer.rate > 0 ? ahead / this.pacer.rate : undefined;
  }

  /** Re-plans the pace from the estimate now: on every reading, transition and settings change. */
  replan(): void {
    const now = this.options.clock.now();
    const usage = this.options.estimator.estimateAt(now);
    if (!usage.known) return this.pacer.reset();
    this.plannedAt = now;
    const { estimator, controller } = this.options;
    const t = this.thresholds(usage);
    const windowMs = usage.timeframeMinutes * MINUTE;
    const recentMs = windowMs * this.tuning.unpacedSpanShare;
    const unpaced = estimator.ownCallsBetween(now - recentMs, now) - this.pacedLog.countBetween(now - recentMs, now);
    const unpacedOwnPerMs = Math.max(0, unpaced) / recentMs;
    this.reserve = this.reserveFor(usage, now, unpacedOwnPerMs);
    this.burstRoom = Math.max(0, usage.othersLargestBurst - (t.criticalStopAt - t.sleepAt));
    const surgePerMs = usage.othersSurgePerMinute / MINUTE;
    const planMs = windowMs * this.tuning.planAheadShare;
    // What the count will have moved by `aheadMs` from now without any paced call: our calls leaving the window
    // make room; the others' arrivals beyond their departures (over the plan's horizon, or as far as their climb
    // goes on), their surge until the next reading shows whether it goes on, and our unpaced calls take it.
    const moveBy = (aheadMs: number) =>
      Math.max(estimator.othersRise(now, Math.min(aheadMs, planMs)), estimator.othersClimbRise(aheadMs)) +
      surgePerMs * Math.min(aheadMs, usage.readingSpacingMs) +
      unpacedOwnPerMs * aheadMs -
      estimator.ownAgingOut(now, now + aheadMs);
    this.peakRise = 0;
    for (let step = 1; step <= 60; step++) this.peakRise = Math.max(this.peakRise, moveBy((windowMs * step) / 60));
    let rate = pacedRatePerMs({
      towardsTarget:
        (this.target(t, usage) - usage.used) / (windowMs * this.tuning.closeGapShare) - moveBy(planMs) / planMs,
      roomUnderCeiling: (aheadMs) => this.ceiling(t, controller.wokenByUser) - usage.used - moveBy(aheadMs),
      horizonMs: windowMs,
      keptForMs: windowMs * this.tuning.keepPaceShare,
    });
    if (controller.wokenByUser) rate = Math.max(rate, (t.limit * this.tuning.wakeTrickleShare) / windowMs);
    this.pacer.setRate(rate, now);
  }

  /**
   * The most the others and our unpaced calls may add, beyond what our own calls leaving the window make up for,
   * over any stretch ahead within the window: the others' arrivals at their rate less their known departures (a
   * fall is left for the counter to show), and two standard deviations of their counting noise, arrivals and
   * departures alike (their departures are known only interval by interval).
   */
  private reserveFor(usage: KnownEstimate, now: number, unpacedPerMs: number): number {
    const { estimator } = this.options;
    const windowMs = usage.timeframeMinutes * MINUTE;
    const othersPerMs = usage.othersPerMinute / MINUTE;
    let reserve = 0;
    for (let step = 1; step <= 60; step++) {
      const ahead = (windowMs * step) / 60;
      const rise =
        Math.max(0, estimator.othersRise(now, ahead)) +
        NOISE_DEVIATIONS * Math.sqrt(2 * othersPerMs * ahead) +
        unpacedPerMs * ahead;
      reserve = Math.max(reserve, rise - estimator.ownAgingOut(now, now + ahead));
    }
    return reserve;
  }

  /**
   * No non-critical call may take the worst-case estimate past this. After a Wake Up the user has chosen to go on
   * up to criticalStopAt, so the reserve kept for the others is theirs to spend: woken calls do move, paced.
   */
  private ceiling(t: Thresholds, woken: boolean): number {
    const margin = t.limit * this.tuning.hardMarginShare;
    if (woken) return t.criticalStopAt - margin;
    const ceiling = t.sleepAt - margin - this.reserve;
    // The room kept for a burst never holds calls below resumeBelow: the user's settings say they go again there,
    // and a burst that large (the others filling the window on their own) is not one our share could make room for.
    return Math.min(ceiling, Math.max(t.resumeBelow, ceiling - this.burstRoom));
  }

  /** Where pacing settles: below the ceiling by the others' noise, or by their surge until the next reading. */
  private target(t: Thresholds, usage: KnownEstimate): number {
    const surgeUntilNextReading = (usage.othersSurgePerMinute / MINUTE) * usage.readingSpacingMs;
    const margin = Math.max(t.limit * this.tuning.softMarginShare, surgeUntilNextReading);
    return this.ceiling(t, false) + t.limit * this.tuning.hardMarginShare - margin;
  }

  /**
   * Whether a call may go at once, unpaced: below slowAt and the target, and with room under the ceiling for what
   * the count may yet rise by over the window ahead. Never after a Wake Up.
   */
  private free(usage: KnownEstimate, t: Thresholds): boolean {
    if (this.options.controller.wokenByUser) return false;
    const next = usage.worstCase + 1;
    return next <= Math.min(t.slowAt, this.target(t, usage)) && next + this.peakRise <= this.ceiling(t, false);
  }

  /** The room to the next line a non-critical call must stay under: slowAt while going at once, else the ceiling. */
  private roomNow(usage: KnownEstimate): number {
    const t = this.thresholds(usage);
    const line = this.free(usage, t) ? t.slowAt : this.ceiling(t, this.options.controller.wokenByUser);
    return line - usage.worstCase;
  }

  /** Spending starts again from `room`: at a reading, or when a fresh one is too late to wait for. */
  private spendFrom(room: number): void {
    this.roomAtReading = room;
    this.freshAsked = false;
    this.awaitingSince = undefined;
  }

  /**
   * While asleep, once the estimate has fallen below resumeBelow, a fresh reading is asked for (once per reading):
   * only a reading may resume the connection, and the next regular one may be a whole interval away.
   */
  private askForReadingToResume(now: number): void {
    const usage = this.options.estimator.estimateAt(now);
    const settings = this.options.controller.currentSettings;
    if (this.freshAsked || !settings.autoResume || !usage.known) return;
    if (usage.used >= this.thresholds(usage).resumeBelow) return;
    this.ask();
  }

  private ask(): void {
    this.freshAsked = true;
    this.freshRequests++;
    this.options.requestFreshSample?.();
  }

  /**
   * Asks for a fresh reading once a share of the room the last one showed is spent, and holds calls once a larger
   * share is, until it comes or has been waited for long enough.
   */
  private mustAwaitReading(usage: KnownEstimate, now: number): boolean {
    const room = this.roomNow(usage);
    // Room that has opened since the reading (our calls leaving the window) is room to share too.
    this.roomAtReading = Math.max(this.roomAtReading, room);
    const spent = this.roomAtReading - room;
    const floor = usage.limit * this.tuning.readingSpendFloorShare;
    if (spent < Math.max(this.roomAtReading * this.tuning.askReadingShare, floor)) return false;
    if (!this.freshAsked) this.ask();
    if (spent < Math.max(this.roomAtReading * this.tuning.awaitReadingShare, 2 * floor)) return false;
    this.awaitingSince ??= now;
    if (now - this.awaitingSince < this.tuning.readingWaitMs) return true;
    this.spendFrom(room);
    return false;
  }

  private thresholds(usage: { limit: number }): Thresholds {
    return thresholdsFor(this.options.controller.currentSettings, usage.limit);
  }
}
