/**
 * When Headroom's own calls were made, to the millisecond. The tenant counts each call for one rolling window, so
 * the estimate must know not only how many calls we sent since the last sample but also how many of ours have left
 * the window since then; otherwise it would overcount for a whole window after every burst of ours. Exact times
 * matter: a batch released in the same second as a reading must not be taken as counted in it.
 *
 * Times are kept sorted, so "how many between a and b" is two binary searches. History older than `keepMs`
 * (before the newest call) is dropped.
 */
export class OwnCallLog {
  private readonly times: number[] = [];
  /** Calls dropped from the front of `times`. */
  private cut = 0;

  constructor(private readonly keepMs: number) {}

  record(at: number): void {
    const last = this.times[this.times.length - 1];
    // Reported late (a poll stamped when it was sent): keep the order.
    if (last === undefined || at >= last) this.times.push(at);
    else this.times.splice(this.indexAfter(at), 0, at);
    this.prune();
  }

  /**
   * Takes back the last call recorded at `at` (Autotask refused it, so it never counted). Gives its place among
   * every call recorded so far (as countUpTo counts them), or undefined if there is none.
   */
  remove(at: number): number | undefined {
    const index = this.indexAfter(at) - 1;
    if (index < 0 || this.times[index] !== at) return undefined;
    this.times.splice(index, 1);
    return this.cut + index;
  }

  /** Calls made in the half-open interval (from, to]. */
  countBetween(from: number, to: number): number {
    if (to <= from) return 0;
    return this.indexAfter(to) - this.indexAfter(from);
  }

  /**
   * Every call recorded so far that was made at or before `at`, counting those already forgotten (which are older
   * than anything still asked about).
   */
  countUpTo(at: number): number {
    return this.cut + this.indexAfter(at);
  }

  /** The time of the first call made after `after`, if any. */
  firstCallAfter(after: number): number | undefined {
    return this.times[this.indexAfter(after)];
  }

  /** The index of the first call made after `at` (calls at `at` itself come before it). */
  private indexAfter(at: number): number {
    let low = 0;
    let high = this.times.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((this.times[middle] ?? Infinity) <= at) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Drops calls older than keepMs before the newest. */
  private prune(): void {
    const newest = this.times[this.times.length - 1];
    if (newest === undefined) return;
    let old = 0;
    while ((this.times[old] ?? newest) < newest - this.keepMs) old++;
    this.times.splice(0, old);
    this.cut += old;
  }
}
