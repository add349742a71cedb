import type { Clock, TimerId } from '../core/clock';
import { WaitingQueue } from '../core/throttle/waiting-queue';

/** Autotask's thread limit: 3 calls at once per integration code and entity. */
export const CALLS_PER_ENDPOINT = 3;

export type SlotRelease = () => void;

interface Waiter {
  settled: boolean;
  settle: (release: SlotRelease | undefined) => void;
  timer?: TimerId;
  signal: AbortSignal;
  onAbort?: () => void;
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
   * A slot now (its release), or the promise of one when a slot frees up; undefined if `maxWaitMs` passes or
   * `signal` aborts first. Call the release when the call is over; calling it again does nothing.
   */
  take(key: string, maxWaitMs: number, signal: AbortSignal): SlotRelease | Promise<SlotRelease | undefined> {
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = { busy: 0, waiting: new WaitingQueue() };
      this.lanes.set(key, lane);
    }
    if (lane.busy < CALLS_PER_ENDPOINT) {
      lane.busy++;
      return this.releaseOf(key, lane);
    }
    if (maxWaitMs <= 0 || signal.aborted) return Promise.resolve(undefined);
    const queue = lane.waiting;
    return new Promise((settle) => {
      const waiter: Waiter = { settled: false, settle, signal };
      const giveUp = () => {
        if (waiter.settled) return;
        queue.remove(waiter);
        this.settle(waiter, undefined);
      };
      waiter.timer = this.clock.setTimeout(giveUp, maxWaitMs);
      waiter.onAbort = giveUp;
      signal.addEventListener('abort', giveUp, { once: true });
      queue.push(waiter);
    });
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
    if (waiter.onAbort) waiter.signal.removeEventListener('abort', waiter.onAbort);
    waiter.settle(release);
  }
}

/** The lane a call takes: integration codes are matched in any letter case, as Autotask does. */
export function slotKey(integrationCode: string, endpoint: string): string {
  return `${integrationCode.toLowerCase()}\u0000${endpoint}`;
}
