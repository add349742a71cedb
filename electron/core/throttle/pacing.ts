/**
 * Pacing while slowed: spread the budget left below the target (just under sleepAt) over time instead of spending
 * it at once. The plan is redone on every sample, so the server's counter steers it; between samples it holds,
 * and the gate's ceiling (on the worst-case estimate) stops it overshooting.
 */
export interface PacingInput {
  /** Best estimate of the tenant's count now. */
  used: number;
  /** The count to settle at. */
  target: number;
  /** How fast a gap between usage and the target is closed (the gap is spread over this long). */
  closeGapOverMs: number;
  /** Our calls (all of them) leaving the window over the next `agingSpanMs`: room that frees up by itself. */
  ownAging: number;
  agingSpanMs: number;
  /** The others' net rate (smoothed), and the rate of our own calls that pacing does not hold (critical, polls). */
  othersPerMs: number;
  unpacedOwnPerMs: number;
}

/**
 * The release rate (calls per ms, never negative): give back what leaves the window, on average over a span long
 * enough that the pace stays even however unevenly our earlier calls were spread, less what the others and our
 * unpaced calls add, plus the gap to the target spread over `closeGapOverMs`. An even pace matters: calls that
 * left evenly leave evenly an hour later, so there is always some of ours ageing out to make room when the others'
 * load rises.
 */
export function pacedRatePerMs(input: PacingInput): number {
  const { used, target, closeGapOverMs, ownAging, agingSpanMs, othersPerMs, unpacedOwnPerMs } = input;
  const rate = (target - used) / closeGapOverMs + ownAging / agingSpanMs - othersPerMs - unpacedOwnPerMs;
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
