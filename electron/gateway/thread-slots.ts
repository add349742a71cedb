import type { Clock } from '../core/clock';

/** Autotask's thread limit: 3 calls at once per integration code and entity. */
export const CALLS_PER_ENDPOINT = 3;

/** One of the 3 places of an (integration code, entity), held by a call until it is over. */
export interface Slot {
  /** Frees the place (or hands it to the next in line); once is enough, again does nothing. */
  release(): void;
  /** Whether the call had to wait its turn for it. */
  waited: boolean;
}

interface Lane {
  busy: number;
  /** The calls waiting, first come first served: each is handed the slot it waited for. */
  waiting: Array<(slot: Slot) => void>;
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
   * A slot of `key`'s lane: at once when one is free, else when one frees up and every call that came before has
   * had its own. Undefined when `maxWaitMs` passes or `signal` aborts first.
   */
  take(key: string, maxWaitMs: number, signal: AbortSignal): Promise<Slot | undefined> {
    const lane = this.laneOf(key);
    if (lane.busy < CALLS_PER_ENDPOINT) {
      lane.busy++;
      return Promise.resolve(this.slotIn(key, lane, false));
    }
    if (maxWaitMs <= 0 || signal.aborted) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const turnCame = (slot: Slot | undefined) => {
        this.clock.clearTimeout(timer);
        signal.removeEventListener('abort', giveUp);
        resolve(slot);
      };
      const giveUp = () => {
        lane.waiting.splice(lane.waiting.indexOf(turnCame), 1);
        turnCame(undefined);
      };
      lane.waiting.push(turnCame);
      signal.addEventListener('abort', giveUp, { once: true });
      const timer = this.clock.setTimeout(giveUp, maxWaitMs);
    });
  }

  private laneOf(key: string): Lane {
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = { busy: 0, waiting: [] };
      this.lanes.set(key, lane);
    }
    return lane;
  }

  private slotIn(key: string, lane: Lane, waited: boolean): Slot {
    let released = false;
    return {
      waited,
      release: () => {
        if (released) return;
        released = true;
        const next = lane.waiting.shift();
        if (next) next(this.slotIn(key, lane, true));
        else if (--lane.busy === 0) this.lanes.delete(key);
      },
    };
  }
}

/** The lane a call takes: integration codes are matched in any letter case, as Autotask does. */
export function slotKey(integrationCode: string, endpoint: string): string {
  return `${integrationCode.toLowerCase()}\u0000${endpoint}`;
}
