import type { Clock, TimerId } from '../core/clock';
import { WaitingQueue } from '../core/throttle/waiting-queue';

/** Autotask's thread limit: 3 calls at once per integration code and entity. */
export const CALLS_PER_ENDPOINT = 3;

export type SlotRelease = () => void;

interface Waiter {
  settled: boolean;
  settle: (release: SlotRelease | undefined) => void;
  timer?: TimerId;
}

interface Lane {
  busy: number;
  waiting: WaitingQueue<Waiter>;
}

/**
 * Keeps calls within Autotask's thread limit: past 3 at once for an (integration code, entity), a call waits its
 * turn, first come first served, instead of earning the thread-limit error. A freed slot passes straight to the
 * next in line, so no newcomer can jump the queue.
 */
export class ThreadSlots {
  private readonly lanes = new Map<string, Lane>();

  constructor(private readonly clock: Clock) {}

  /**
   * Calls `settle` once with a slot's release, before returning when a slot is free, or when one frees up; with
   * undefined if `maxWaitMs` passes first. Gives back a function that withdraws the call while it waits (settled
   * with undefined at once; nothing after). Call the release when the call is over; calling it again does nothing.
   */
  take(key: string, maxWaitMs: number, settle: (release: SlotRelease | undefined) => void): () => void {
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = { busy: 0, waiting: new WaitingQueue() };
      this.lanes.set(key, lane);
    }
    const waiter: Waiter = { settled: false, settle };
    const queue = lane.waiting;
    const giveUp = () => {
      if (waiter.settled) return;
      queue.remove(waiter);
      this.settle(waiter, undefined);
    };
    if (lane.busy < CALLS_PER_ENDPOINT) {
      lane.busy++;
      this.settle(waiter, this.releaseOf(key, lane));
    } else if (maxWaitMs <= 0) {
      this.settle(waiter, undefined);
    } else {
      waiter.timer = this.clock.setTimeout(giveUp, maxWaitMs);
      queue.push(waiter);
    }
    return giveUp;
  }

  private releaseOf(key: string, lane: Lane): SlotRelease {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = lane.waiting.shift();
      if (next) this.settle(next, this.releaseOf(key, lane));
      else if (--lane.busy === 0) this.lanes.delete(key);
    };
  }

  private settle(waiter: Waiter, release: SlotRelease | undefined): void {
    waiter.settled = true;
    if (waiter.timer !== undefined) this.clock.clearTimeout(waiter.timer);
    waiter.settle(release);
  }
}

/** The lane a call takes: integration codes are matched in any letter case, as Autotask does. */
export function slotKey(integrationCode: string, endpoint: string): string {
  return `${integrationCode.toLowerCase()}\u0000${endpoint}`;
}
