/**
 * When the next non-critical call may go: the gate's budget, separate from its queues.
 *
 * - Never while asleep without a Wake Up, before an upstream Retry-After has passed, or while usage is unknown (no
 *   sample yet, the last one older than the window, or the connection offline / credentials rejected).
 * - Only while the worst-case estimate (the others keeping up their fastest recent rate since the sample) stays
 *   below the ceiling: sleepAt, or criticalStopAt after a Wake Up, less a small margin and less the reserve below.
 * - At once below slowAt; above it, and always after a Wake Up, paced (pacing.ts) towards the target: below
 *   sleepAt by a soft margin, or by what the others' recent surges could add before Headroom sees them and stops.
 * - A reserve keeps room for what pacing cannot hold back (the others' wandering and surges, our critical calls and
 *   polls) until enough of our own calls leave the window to make up for it. Right after a burst of ours, or after
 *   a sleep, little of ours is due to leave for a long while, and filling to the ceiling then would let the others
 *   alone carry the tenant over sleepAt; in even, steady pacing the reserve is zero.
 * - On one sample, at most a batch (1% of the limit) goes, or, while the sample is fresh, half the room below
 *   slowAt when that is more. A bigger backlog asks for a fresh sample first (once per sample) and waits a little
 *   for it, rather than release blind.
 */
import type { Clock } from '../clock';
import type { ConnectionHealth } from '../usage/connection';
import type { KnownEstimate, UsageEstimator } from '../usage/estimate';
import { OwnCallLog } from '../usage/own-call-log';
import type { ThrottleController } from './controller';
import { Pacer, pacedRatePerMs } from './pacing';
import { thresholdsFor, type Thresholds } from './thresholds';

export interface ReleaseTuning {
  /** Room below the ceiling that no non-critical call may take, as a share of the limit. */
  hardMarginShare: number;
  /** Where pacing settles below sleepAt, as a share of the limit: the others' noise between samples lands in it. */
  softMarginShare: number;
  /** How long a surge of the others goes on before Headroom sees it and stops, as a share of the window (2 min). */
  reactionShare: number;
  /** A gap to the target is closed over this share of the window (1/12: 5 min of 60). */
  closeGapShare: number;
  /** Our calls leaving the window are given back at their average over this share of the window (1/4: 15 min). */
  agingSpanShare: number;
  /** The most non-critical calls released on one sample, as a share of the limit. */
  batchShare: number;
  /** A sample older than this share of the window is too old to release a whole batch on. */
  freshAfterShare: number;
  /** How long a batch waits for the fresh sample it asked for before going on the old one, share of the window. */
  freshWaitShare: number;
  /** After a Wake Up, the slowest pace, as a share of the limit per window, so woken calls do move. */
  wakeTrickleShare: number;
}

export const defaultReleaseTuning: ReleaseTuning = {
  hardMarginShare: 0.003,
  softMarginShare: 0.012,
  reactionShare: 1 / 30,
  closeGapShare: 1 / 12,
  agingSpanShare: 1 / 4,
  batchShare: 0.01,
  freshAfterShare: 1 / 240,
  freshWaitShare: 1 / 720,
  wakeTrickleShare: 0.02,
};

/** Why the next non-critical call may not go yet. */
export type Hold = 'asleep' | 'backoff' | 'unknown' | 'critical-stop' | 'ceiling' | 'fresh-sample' | 'paced';

const MINUTE = 60_000;

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
  private readonly pacedLog = new OwnCallLog(2 * 60 * MINUTE);
  private readonly tuning: ReleaseTuning;
  private reserve = 0;
  private releasedSinceSample = 0;
  private freshRequestedAt: number | undefined;
  private freshRequests = 0;
  private connection: ConnectionHealth = 'ok';

  constructor(private readonly options: ReleasePlanOptions) {
    this.tuning = { ...defaultReleaseTuning, ...options.tuning };
  }

  /** How many fresh samples were asked for (each costs the tenant one request). */
  get freshSamplesRequested(): number {
    return this.freshRequests;
  }

  /** The paced release rate now, per minute (0 when not pacing). */
  get pacedPerMinute(): number {
    return this.pacer.rate * MINUTE;
  }

  setConnection(health: ConnectionHealth): void {
    this.connection = health;
  }

  /** A new sample: the counter steers again, so re-plan, and a held batch may go. */
  onSample(): void {
    this.releasedSinceSample = 0;
    this.freshRequestedAt = undefined;
    this.replan();
  }

  /** Why the next non-critical call may not go now (undefined: it may). `backlog`: non-critical calls waiting. */
  hold(backlog: number): Hold | undefined {
    const now = this.options.clock.now();
    const { controller } = this.options;
    const { mode, wokenByUser } = controller;
    if (mode === 'asleep' && !wokenByUser) return 'asleep';
    if (controller.isBackingOff(now)) return 'backoff';
    if (this.connection === 'offline' || this.connection === 'auth-failed') return 'unknown';
    const usage = this.options.estimator.estimateAt(now);
    if (!usage.known) return 'unknown';
    const t = this.thresholds(usage);
    if (usage.used >= t.criticalStopAt) return 'critical-stop';
    if (usage.worstCase + 1 > this.ceiling(t, wokenByUser)) return 'ceiling';
    const instant = !wokenByUser && usage.worstCase + 1 <= t.slowAt;
    if (this.mustWaitForFreshSample(usage, t, instant, backlog, now)) return 'fresh-sample';
    if (instant) return undefined;
    if (!this.pacer.planned) this.replan();
    return this.pacer.tryTake(now) ? undefined : 'paced';
  }

  /** A non-critical call went. */
  released(at: number): void {
    this.releasedSinceSample++;
    this.pacedLog.record(at);
  }

  /** When a call held for `hold` could next go without a sample, a transition or a setting changing it. */
  nextChance(hold: Hold | undefined): number | undefined {
    const now = this.options.clock.now();
    switch (hold) {
      case 'paced':
        return this.pacer.nextTokenAt(now);
      case 'ceiling':
      case 'critical-stop':
        return this.options.estimator.nextOwnAgingAfter(now);
      case 'fresh-sample': {
        const usage = this.options.estimator.estimateAt(now);
        if (this.releasedSinceSample > 0 || this.freshRequestedAt === undefined || !usage.known) return undefined;
        return this.freshRequestedAt + usage.timeframeMinutes * MINUTE * this.tuning.freshWaitShare;
      }
      default:
        return undefined;
    }
  }

  /** How long until `ahead` more paced calls have gone, if pacing; undefined otherwise. */
  pacedWaitMs(ahead: number): number | undefined {
    return this.pacer.rate > 0 ? ahead / this.pacer.rate : undefined;
  }

  /** Re-plans the pace from the estimate now: on every sample, transition and settings change. */
  replan(): void {
    const now = this.options.clock.now();
    const usage = this.options.estimator.estimateAt(now);
    if (!usage.known) return this.pacer.reset();
    const { estimator, controller } = this.options;
    const t = this.thresholds(usage);
    const windowMs = usage.timeframeMinutes * MINUTE;
    const closeGapOverMs = windowMs * this.tuning.closeGapShare;
    const agingSpanMs = windowMs * this.tuning.agingSpanShare;
    const unpaced =
      estimator.ownCallsBetween(now - closeGapOverMs, now) - this.pacedLog.countBetween(now - closeGapOverMs, now);
    const unpacedOwnPerMs = Math.max(0, unpaced) / closeGapOverMs;
    this.reserve = this.reserveFor(usage, now, unpacedOwnPerMs);
    let rate = pacedRatePerMs({
      used: usage.used,
      target: this.target(t, usage),
      closeGapOverMs,
      ownAging: estimator.ownAgingOut(now, now + agingSpanMs),
      agingSpanMs,
      // A surge of the others counts at once, not once the smoothed rate has caught up with it; a fall is left for
      // the counter to show: spending it ahead, on a rate that lags, is how a refill overshoots as the fall ends.
      othersPerMs: Math.max(0, usage.othersSurgePerMinute / MINUTE),
      unpacedOwnPerMs,
    });
    if (controller.wokenByUser) rate = Math.max(rate, (t.limit * this.tuning.wakeTrickleShare) / windowMs);
    this.pacer.setRate(rate, now);
  }

  /**
   * The most the others and our unpaced calls may add, beyond what our own calls leaving the window make up for,
   * over any stretch ahead within the window. The others' wandering is taken as counting noise: their window holds
   * about `others` calls that arrived over one window and leave over the next, so over a time `ahead` it moves by
   * about the square root of 2 x others x ahead / window; two standard deviations are kept.
   */
  private reserveFor(usage: KnownEstimate, now: number, unpacedPerMs: number): number {
    const windowMs = usage.timeframeMinutes * MINUTE;
    const wanderPerMs = (2 * usage.othersInWindow) / windowMs;
    const driftPerMs = Math.max(0, usage.othersSurgePerMinute / MINUTE) + unpacedPerMs;
    let reserve = 0;
    for (let step = 1; step <= 60; step++) {
      const ahead = (windowMs * step) / 60;
      const rise = driftPerMs * ahead + 2 * Math.sqrt(wanderPerMs * ahead);
      reserve = Math.max(reserve, rise - this.options.estimator.ownAgingOut(now, now + ahead));
    }
    return reserve;
  }

  /** No non-critical call may take the worst-case estimate past this. */
  private ceiling(t: Thresholds, woken: boolean): number {
    return (woken ? t.criticalStopAt : t.sleepAt) - t.limit * this.tuning.hardMarginShare - this.reserve;
  }

  /** Where pacing settles. */
  private target(t: Thresholds, usage: KnownEstimate): number {
    const reactionMs = usage.timeframeMinutes * MINUTE * this.tuning.reactionShare;
    const surge = (usage.othersJumpPerMinute / MINUTE) * reactionMs;
    return t.sleepAt - Math.max(t.limit * this.tuning.softMarginShare, surge) - this.reserve;
  }

  private mustWaitForFreshSample(usage: KnownEstimate, t: Thresholds, instant: boolean, backlog: number, now: number) {
    const windowMs = usage.timeframeMinutes * MINUTE;
    const batch = Math.max(1, Math.floor(t.limit * this.tuning.batchShare));
    const room = (instant ? t.slowAt : this.ceiling(t, false)) - usage.worstCase;
    const oldSample = usage.sampleAgeMs > windowMs * this.tuning.freshAfterShare;
    const bigBatchOnOldSample =
      this.releasedSinceSample === 0 && instant && backlog >= batch && room >= batch && oldSample;
    // On a fresh sample, far below slowAt, a burst may spend up to half the room the sample left (what is released
    // comes out of the room, so it stops where the two meet) before the counter is read again: a script's burst at
    // 20% usage goes at once, not a batch per poll. Near the thresholds, or on an old sample, a batch is the most.
    const batchSpent = this.releasedSinceSample >= (oldSample ? batch : Math.max(batch, room));
    if (!bigBatchOnOldSample && !batchSpent) return false;
    if (this.freshRequestedAt === undefined) {
      this.freshRequestedAt = now;
      this.freshRequests++;
      this.options.requestFreshSample?.();
    }
    return batchSpent || now - this.freshRequestedAt < windowMs * this.tuning.freshWaitShare;
  }

  private thresholds(usage: { limit: number }): Thresholds {
    return thresholdsFor(this.options.controller.currentSettings, usage.limit);
  }
}
