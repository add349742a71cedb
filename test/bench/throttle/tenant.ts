/**
 * The tenant in virtual time: one rolling window of exact per-request counts for every integration (the
 * simulator's own RollingWindow), and a 429 for every request past the limit, ours and the others' alike. A
 * rejected request is not counted, as the window cannot hold more than the limit. Latency grows with usage as
 * Autotask's does (+0.5 s from 50%, +1 s from 75%), which is what paces clients that wait for their answers.
 */
import { RollingWindow } from '../../../electron/simulator/rolling-window';

export const RETRY_AFTER_MS = 60_000;

export type Who = 'ours' | 'others';

export class TenantModel {
  private readonly window = new RollingWindow();
  readonly rejected: Record<Who, number> = { ours: 0, others: 0 };
  readonly accepted: Record<Who, number> = { ours: 0, others: 0 };
  /** Every answer with a 429 in it, for the 429s of a stretch of the run (rejectedBetween). */
  private readonly rejections: Array<{ at: number; who: Who; count: number }> = [];
  /** When the tenant last answered 429 to each side (-Infinity: never). */
  readonly lastRejectedAt: Record<Who, number> = { ours: -Infinity, others: -Infinity };
  /** Highest count the window reached, and how long (ms) it spent at or above a level of interest. */
  peak = 0;
  private aboveSince: number | undefined;
  msAboveWatch = 0;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly watchLevel: number,
  ) {}

  used(at: number): number {
    this.window.expire(at, this.windowMs);
    return this.window.count;
  }

  /** Books up to `count` requests at `at`; returns how many were accepted (the rest were answered 429). */
  request(at: number, who: Who, count = 1): number {
    const room = Math.max(0, this.limit - this.used(at));
    const accepted = Math.min(room, count);
    if (accepted > 0) this.window.record(at, who, accepted);
    this.accepted[who] += accepted;
    this.rejected[who] += count - accepted;
    if (accepted < count) {
      this.lastRejectedAt[who] = at;
      this.rejections.push({ at, who, count: count - accepted });
    }
    this.watch(at);
    return accepted;
  }

  /** Requests answered 429 from `from` (inclusive) to `to` (exclusive), to one side or (no `who`) to both. */
  rejectedBetween(from: number, to: number, who?: Who): number {
    let count = 0;
    for (const rejection of this.rejections) {
      if (rejection.at >= from && rejection.at < to && (who === undefined || rejection.who === who)) {
        count += rejection.count;
      }
    }
    return count;
  }

  latencyMs(at: number): number {
    const share = this.used(at) / this.limit;
    return 150 + (share >= 0.5 ? 500 : 0) + (share >= 0.75 ? 500 : 0);
  }

  finish(at: number): void {
    this.watch(at);
    if (this.aboveSince !== undefined) this.msAboveWatch += at - this.aboveSince;
    this.aboveSince = undefined;
  }

  private watch(at: number): void {
    const count = this.window.count;
    if (count > this.peak) this.peak = count;
    if (count >= this.watchLevel && this.aboveSince === undefined) this.aboveSince = at;
    if (count < this.watchLevel && this.aboveSince !== undefined) {
      this.msAboveWatch += at - this.aboveSince;
      this.aboveSince = undefined;
    }
  }
}
