/**
 * The other integrations' calls, as arrivals and departures. The counter only ever shows their calls in the window,
 * arrivals minus departures; but every call leaves exactly one window after it arrived, so from a history of
 * readings the arrivals between two readings can be told apart: the counter's move plus what left meanwhile.
 * Before the first reading nothing is known of when their calls came, so the first reading's count is taken as
 * spread evenly over the window before it.
 *
 * From the arrivals, three figures:
 * - the rate: what the others are expected to keep sending. Steady, it is their count in the window over the
 *   window, less the bursts in it: the figure with the least noise, and the one their departures average out to.
 *   Rising, it is their recent rate, learnt from each interval with a weight that grows with the interval's length
 *   against a span of several polls (never from a single interval at full weight), and taken only beyond its own
 *   noise. A rise counts only as far as the interval before it confirms it, so a one-off burst is booked as the
 *   burst it was (it leaves one window later) and not carried over the window as a rate; a lasting rise shows in
 *   two intervals in a row. A fall is left for the counter to show.
 * - the surge: how far the latest interval ran above the rate beyond counting noise, not yet confirmed.
 * - the largest burst: the most the others sent in one interval beyond the rate and its noise, remembered for two
 *   windows, so a tenant whose sync job bursts is given room for it again.
 */

interface Segment {
  from: number;
  to: number;
  count: number;
}

/** Arrivals beyond the rate and its noise in one interval. */
type Burst = Segment;

/** How many standard deviations of counting noise a rise must exceed to be a surge rather than luck. */
const NOISE_DEVIATIONS = 2;
/** The rate's memory, in poll spacings; never shorter than a twelfth of the window (5 of Autotask's 60 min). */
const SMOOTHING_SPACINGS = 2;
const SMOOTHING_WINDOW_SHARE = 1 / 60;
/** The spacing of polls is averaged over this many intervals. */
const SPACING_INTERVALS = 5;
/** How long the largest burst is remembered, in windows. */
const BURST_MEMORY_WINDOWS = 2;

/** Counting noise of arrivals at `perMs` over `spanMs`, as a rate: NOISE_DEVIATIONS standard deviations. */
function noise(perMs: number, spanMs: number): number {
  return (NOISE_DEVIATIONS * Math.sqrt(Math.max(1, perMs * spanMs))) / spanMs;
}

export class OthersArrivals {
  private segments: Segment[] = [];
  private ratePerMs = 0;
  private recentPerMs = 0;
  private lastIntervalPerMs: number | undefined;
  private surge = 0;
  private bursts: Burst[] = [];
  private spacings: number[] = [];
  private lastAt: number | undefined;
  private lastCount = 0;

  constructor(private readonly windowMs: number) {}

  get known(): boolean {
    return this.lastAt !== undefined;
  }

  /** Their expected arrival rate, per ms. */
  get rate(): number {
    return this.ratePerMs;
  }

  /** How far the latest interval ran above the rate beyond noise, per ms (0 when it did not). */
  get surgePerMs(): number {
    return this.surge;
  }

  /** The average spacing of the latest readings, or a thirtieth of the window before there are two. */
  get readingSpacingMs(): number {
    if (this.spacings.length === 0) return this.windowMs / 30;
    return this.spacings.reduce((sum, spacing) => sum + spacing, 0) / this.spacings.length;
  }

  /** The most they sent in one interval beyond their rate and its noise, over the last two windows. */
  largestBurst(now: number): number {
    let largest = 0;
    for (const burst of this.bursts) {
      if (burst.to > now - BURST_MEMORY_WINDOWS * this.windowMs) largest = Math.max(largest, burst.count);
    }
    return largest;
  }

  /** A reading of their count in the window at `at`. */
  addReading(at: number, count: number): void {
    if (this.lastAt === undefined) {
      this.segments = [{ from: at - this.windowMs, to: at, count }];
      this.ratePerMs = count / this.windowMs;
      this.recentPerMs = this.ratePerMs;
    } else {
      const from = this.lastAt;
      const arrived = Math.max(0, count - this.lastCount + this.departuresBetween(from, at));
      this.segments.push({ from, to: at, count: arrived });
      this.spacings = [...this.spacings.slice(1 - SPACING_INTERVALS), at - from];
      this.learn(from, at, arrived, count);
    }
    this.lastAt = at;
    this.lastCount = count;
    this.forgetBefore(at - BURST_MEMORY_WINDOWS * this.windowMs);
  }

  /** Their calls arriving in (from, to]: as read from the counter, and at the rate after the latest reading. */
  arrivalsBetween(from: number, to: number, projectedPerMs = this.ratePerMs): number {
    let total = 0;
    for (const s of this.segments) {
      const overlap = Math.min(to, s.to) - Math.max(from, s.from);
      if (overlap > 0) total += (s.count * overlap) / (s.to - s.from);
    }
    const unread = to - Math.max(from, this.lastAt ?? to);
    return total + Math.max(0, unread) * projectedPerMs;
  }

  /** Their calls leaving the window in (from, to]: those that arrived one window earlier. */
  departuresBetween(from: number, to: number): number {
    return this.arrivalsBetween(from - this.windowMs, to - this.windowMs);
  }

  private learn(from: number, to: number, arrived: number, count: number): void {
    const spanMs = to - from;
    const rate = arrived / spanMs;
    const noisePerMs = noise(this.ratePerMs, spanMs);
    const excess = arrived - (this.ratePerMs + noisePerMs) * spanMs;
    if (excess > 0) this.bursts.push({ from, to, count: excess });
    this.surge = Math.max(0, rate - this.ratePerMs - noisePerMs);
    const confirmed = Math.min(
      rate,
      Math.max(this.lastIntervalPerMs ?? this.recentPerMs, this.recentPerMs) + noisePerMs,
    );
    const smoothingMs = Math.max(this.windowMs * SMOOTHING_WINDOW_SHARE, SMOOTHING_SPACINGS * this.readingSpacingMs);
    this.recentPerMs += (1 - Math.exp(-spanMs / smoothingMs)) * (confirmed - this.recentPerMs);
    this.lastIntervalPerMs = rate;
    const steadyPerMs = Math.max(0, count - this.burstsInWindow(to)) / this.windowMs;
    const rising = this.recentPerMs > steadyPerMs + noise(steadyPerMs, smoothingMs);
    this.ratePerMs = rising ? this.recentPerMs : steadyPerMs;
  }

  /** The bursts' calls still in the window at `at`. */
  private burstsInWindow(at: number): number {
    let total = 0;
    for (const burst of this.bursts) {
      const inWindow = burst.to - Math.max(burst.from, at - this.windowMs);
      if (inWindow > 0) total += (burst.count * inWindow) / (burst.to - burst.from);
    }
    return total;
  }

  private forgetBefore(cutoff: number): void {
    const firstKept = this.segments.findIndex((s) => s.to > cutoff);
    if (firstKept > 0) this.segments = this.segments.slice(firstKept);
    this.bursts = this.bursts.filter((burst) => burst.to > cutoff);
  }
}
