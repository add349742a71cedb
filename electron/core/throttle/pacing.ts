/**
 * Pacing while slowed: spread the budget left below the target (just under sleepAt) over time instead of spending
 * it at once. The plan is redone on every reading, so the server's counter steers it; between readings it holds,
 * and the gate's ceiling (on the worst-case estimate) stops it overshooting.
 */

export interface PacingInput {
  /** The pace, per ms, that closes the gap to the target and gives back, on average, what leaves the window. */
  towardsTarget: number;
  /** The room under the ceiling `aheadMs` from now if nothing paced went meanwhile. */
  roomUnderCeiling: (aheadMs: number) => number;
  /** How far ahead the plan looks. */
  horizonMs: number;
  /**
   * The longest a pace is kept before a reading re-plans it: at a horizon beyond it, the calls released meanwhile
   * are what must fit, not the pace carried on all the way.
   */
  keptForMs?: number;
}

/**
 * The release rate (calls per ms, never negative): towards the target, as fast as that allows, but never faster
 * than keeps the count under the ceiling at every horizon ahead. Giving back on average what leaves the window
 * keeps the pace even, and an even pace matters: calls that left evenly leave evenly an hour later, so there is
 * always some of ours ageing out to make room when the others' load rises. Looking at every horizon too keeps a
 * lull in what leaves the window from being spent before it comes.
 */
export function pacedRatePerMs(
  { towardsTarget, roomUnderCeiling, horizonMs, keptForMs = horizonMs }: PacingInput,
  steps = 60,
): number {
  let rate = towardsTarget;
  for (let step = 1; step <= steps; step++) {
    const aheadMs = (horizonMs * step) / steps;
    rate = Math.min(rate, roomUnderCeiling(aheadMs) / Math.min(aheadMs, keptForMs));
  }
  return Math.max(0, rate);
}

/** A token bucket holding at most one token: a paced stream never bursts after a pause. */
export class Pacer {
  private ratePerMs = 0;
  private tokens = 0;
  private at: number | undefined;

  get rate(): number {
    return this.ratePerMs;
  }

  get planned(): boolean {
    return this.at !== undefined;
  }

  setRate(ratePerMs: number, now: number): void {
    this.refill(now);
    this.ratePerMs = ratePerMs;
  }

  /** Forgets the plan: the next paced release waits for a new one. */
  reset(): void {
    this.at = undefined;
    this.tokens = 0;
    this.ratePerMs = 0;
  }

  tryTake(now: number): boolean {
    this.refill(now);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** When the next token is due, or undefined if the rate is zero. */
  nextTokenAt(now: number): number | undefined {
    this.refill(now);
    if (this.tokens >= 1) return now;
    if (this.ratePerMs <= 0) return undefined;
    return now + Math.ceil((1 - this.tokens) / this.ratePerMs);
  }

  private refill(now: number): void {
    if (this.at !== undefined && now > this.at) {
      this.tokens = Math.min(1, this.tokens + (now - this.at) * this.ratePerMs);
    }
    this.at = Math.max(now, this.at ?? now);
  }
}
