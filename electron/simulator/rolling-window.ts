/**
 * The requests a tenant made in the last timeframe, oldest first. A request made at `t` is counted while
 * now < t + timeframe and ages out at exactly t + timeframe.
 *
 * Entries are run-length merged (same millisecond, same source) and kept in a deque with a moving head, so
 * recording, expiring and counting are amortised O(1) however many thousand requests the window holds.
 */
interface Entry {
  at: number;
  source: string;
  count: number;
}

export class RollingWindow {
  private entries: Entry[] = [];
  private head = 0;
  private total = 0;
  private readonly bySource = new Map<string, number>();

  get count(): number {
    return this.total;
  }

  countOf(source: string): number {
    return this.bySource.get(source) ?? 0;
  }

  /** Counts per source, for the sources that still have requests in the window. */
  countsBySource(): Map<string, number> {
    return new Map(this.bySource);
  }

  /** Times never run backwards in the window: a clock stepping back (NTP) books the request at the last time seen. */
  record(at: number, source: string, count = 1): void {
    if (count <= 0) return;
    const last = this.entries[this.entries.length - 1];
    const time = last && this.head < this.entries.length ? Math.max(at, last.at) : at;
    if (last && this.head < this.entries.length && last.at === time && last.source === source) last.count += count;
    else this.entries.push({ at: time, source, count });
    this.total += count;
    this.bySource.set(source, (this.bySource.get(source) ?? 0) + count);
  }

  expire(now: number, timeframeMs: number): void {
    for (let entry = this.entries[this.head]; entry && entry.at + timeframeMs <= now; entry = this.entries[this.head]) {
      this.total -= entry.count;
      const left = (this.bySource.get(entry.source) ?? 0) - entry.count;
      if (left > 0) this.bySource.set(entry.source, left);
      else this.bySource.delete(entry.source);
      this.head++;
    }
    this.compact();
  }

  /**
   * How long until fewer than `target` requests remain (ms, 0 if already so): the time at which the request that
   * has to leave last ages out. Walks only as far as that request, so it is cheap when the excess is small.
   */
  msUntilBelow(target: number, now: number, timeframeMs: number): number {
    let mustLeave = this.total - target + 1;
    for (let i = this.head, entry = this.entries[i]; entry && mustLeave > 0; entry = this.entries[++i]) {
      mustLeave -= entry.count;
      if (mustLeave <= 0) return Math.max(0, entry.at + timeframeMs - now);
    }
    return 0;
  }

  clear(): void {
    this.entries = [];
    this.head = 0;
    this.total = 0;
    this.bySource.clear();
  }

  private compact(): void {
    if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
  }
}
