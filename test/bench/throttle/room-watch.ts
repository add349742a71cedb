/**
 * Two figures for scenarios where the others' load does not fit (fit.ts), read from the tenant's window once a
 * second (after the others' requests of that second), whatever the policy believed:
 *
 * - Critical held with room: a critical call counts when, while it waited (from when it was wanted until the
 *   tenant accepted it), the window had room for it below criticalStopAt, and no 429 had been answered to us
 *   within the last Retry-After, for more than CRITICAL_GRACE_MS in all. Room for it: with R requests of room below
 *   criticalStopAt, the R critical calls that have waited longest have room, the rest do not (letting a backlog of
 *   critical calls go at once would carry the window past criticalStopAt again). Only the cap (criticalStopAt, or
 *   Autotask's own Retry-After) may hold a critical call. The grace is two readings at the Poller's fastest interval
 *   (30 s each for Autotask's hour): a policy that reads the counter sees a fall at the first reading after it,
 *   and when the window falls just after a reading, that is a whole interval and an answer's latency later.
 * - Resume delay: once the window has been at or above sleepAt, the time it then spends below resumeBelow (where
 *   a sleeping connection resumes by the user's own settings, DESIGN.md) while non-critical work of ours is
 *   waiting (wanted, not yet accepted) and none of it has been accepted: seconds of such room, until our first
 *   non-critical call is accepted again. The worst over the run; undefined when the window never reached sleepAt.
 *   Time with the window at or above resumeBelow does not count: the settings say to wait there.
 */
import type { TenantModel } from './tenant';
import type { Call } from './workload';

export const ONE_READING_MS = 30_000;
export const CRITICAL_GRACE_MS = 2 * ONE_READING_MS;
const SAMPLE_MS = 1000;

export interface RoomFigures {
  criticalHeldWithRoom: number;
  /** Worst resume delay (ms); undefined when the window never reached sleepAt. */
  resumeDelayMs: number | undefined;
  /** The worst delay was still running when the run ended: a lower bound. */
  resumeDelayOpen: boolean;
}

export class RoomWatch {
  /** Waiting critical calls: index -> ms spent waiting with room below criticalStopAt. */
  private readonly criticalWaiting = new Map<number, number>();
  private criticalHeldWithRoom = 0;
  private nonCriticalWaiting = 0;
  /** Open episode: the window reached sleepAt and no non-critical call of ours has been accepted since. */
  private episodeRoomMs: number | undefined;
  private worstMs: number | undefined;
  private worstOpen = false;

  constructor(
    private readonly tenant: TenantModel,
    private readonly levels: { sleepAt: number; resumeBelow: number; criticalStopAt: number; retryAfterMs: number },
  ) {}

  wanted(call: Call): void {
    if (call.priority === 'critical') this.criticalWaiting.set(call.index, 0);
    else this.nonCriticalWaiting++;
  }

  accepted(call: Call): void {
    if (call.priority === 'critical') {
      this.settleCritical(call.index);
      return;
    }
    this.nonCriticalWaiting--;
    if (this.episodeRoomMs !== undefined) this.closeEpisode(false);
  }

  /** Once a second, after the others' requests of that second. */
  sample(now: number): void {
    const used = this.tenant.used(now);
    const { sleepAt, resumeBelow, criticalStopAt, retryAfterMs } = this.levels;
    if (now - this.tenant.lastRejectedAt.ours >= retryAfterMs) {
      // Oldest first: the map keeps the order in which the calls were wanted.
      let room = criticalStopAt - used;
      for (const [index, ms] of this.criticalWaiting) {
        if (room-- <= 0) break;
        this.criticalWaiting.set(index, ms + SAMPLE_MS);
      }
    }
    if (used >= sleepAt) this.episodeRoomMs ??= 0;
    else if (this.episodeRoomMs !== undefined && used < resumeBelow && this.nonCriticalWaiting > 0) {
      this.episodeRoomMs += SAMPLE_MS;
    }
  }

  finish(): RoomFigures {
    for (const index of [...this.criticalWaiting.keys()]) this.settleCritical(index);
    if (this.episodeRoomMs !== undefined) this.closeEpisode(this.episodeRoomMs > 0);
    return {
      criticalHeldWithRoom: this.criticalHeldWithRoom,
      resumeDelayMs: this.worstMs,
      resumeDelayOpen: this.worstOpen,
    };
  }

  private settleCritical(index: number): void {
    const ms = this.criticalWaiting.get(index) ?? 0;
    this.criticalWaiting.delete(index);
    if (ms > CRITICAL_GRACE_MS) this.criticalHeldWithRoom++;
  }

  private closeEpisode(open: boolean): void {
    const ms = this.episodeRoomMs ?? 0;
    this.episodeRoomMs = undefined;
    if (this.worstMs === undefined || ms > this.worstMs) {
      this.worstMs = ms;
      this.worstOpen = open;
    }
  }
}
