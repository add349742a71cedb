/**
 * The other integrations' calls, as arrivals and departures. The counter only ever shows their calls in the window,
 * arrivals minus departures; but every call leaves exactly one window after it arrived, so from a history of
 * readings the arrivals between two readings can be told apart: the counter's move plus what left meanwhile.
 * Before the first reading nothing is known of when their calls came, so the first reading's count is taken as
 * spread evenly over the window before it.
 *
 * From the arrivals, four figures:
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
 * - the climb: how fast their count in the window is rising over the latest readings, when it rises beyond noise
 *   in both halves of a sixth of the window. A rate that grows for an hour keeps their count rising by their
 *   rate now less their rate one window ago; the rate alone sees only the present.
 */
import { NOISE_DEVIATIONS } from './noise';

interface Segment {
  from: number;
  to: number;
  count: number;
  /** The first reading's count, taken as spread over the window before it: not read, assumed. */
  assumed?: boolean;
}

/** A reading of their count in the window: what their climb is learnt from. */
interface Level {
  at: number;
  count: number;
}

/** Arrivals beyond the rate and its noise in one interval. */
type Burst = Segment;

/** The rate's memory, in poll spacings; never shorter than a twelfth of the window (5 of Autotask's 60 min). */
const SMOOTHING_SPACINGS = 2;
const SMOOTHING_WINDOW_SHARE = 1 / 60;
/** The spacing of polls is averaged over this many intervals. */
const SPACING_INTERVALS = 5;
/** How long the largest burst is remembered, in windows. */
const BURST_MEMORY_WINDOWS = 2;
/** Bursts in intervals closer than this share of the window (5 of Autotask's 60 min) are one sync job's. */
const ONE_BURST_WINDOW_SHARE = 1 / 12;
/** A climb is learnt over the latest readings within this share of the window, and never over fewer polls. */
const CLIMB_WINDOW_SHARE = 1 / 6;
const CLIMB_SPACINGS = 4;
const CLIMB_READINGS = 4;

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
  private levels: Level[] = [];
  private climbPerMs = 0;

  constructor(private readonly windowMs: number) {}

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

  /**
   * The most they sent in one burst beyond their rate and its noise, over the last two windows. A sync job's burst
   * that a poll cut in two is one burst: excesses in intervals closer than a twelfth of the window add up.
   */
  largestBurst(now: number): number {
    let largest = 0;
    let run = 0;
    let runEnd = Number.NEGATIVE_INFINITY;
    for (const burst of this.bursts) {
      if (burst.to <= now - BURST_MEMORY_WINDOWS * this.windowMs) continue;
      run = burst.from - runEnd <= this.windowMs * ONE_BURST_WINDOW_SHARE ? run + burst.count : burst.count;
      runEnd = burst.to;
      largest = Math.max(largest, run);
    }
    return largest;
  }

  /**
   * How much their count in the window may rise during (now, now + aheadMs] if it climbs on as it has: 0 until a
   * climb beyond noise shows in several readings in a row; a count that holds or falls climbs by nothing.
   */
  climbRise(aheadMs: number): number {
    return Math.max(0, this.climbPerMs) * aheadMs;
  }

  /** A reading of their count in the window at `at`. */
  addReading(at: number, count: number): void {
    if (this.lastAt === undefined) {
      this.segments = [{ from: at - this.windowMs, to: at, count, assumed: true }];
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
    this.learnClimb(at, count);
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

  /**
   * Their calls sure to have left the window by `to` that were in it at `from`: a call read between two readings
   * may have come just before the later one, so it is sure to have left only one window after that reading. (The
   * first reading's count is spread over the window before it: nothing better is known of it.)
   */
  latestDeparturesBetween(from: number, to: number): number {
    let total = 0;
    for (const s of this.segments) {
      if (s.assumed) {
        const overlap = Math.min(to, s.to + this.windowMs) - Math.max(from, s.from + this.windowMs);
        if (overlap > 0) total += (s.count * overlap) / (s.to - s.from);
      } else if (s.to + this.windowMs > from && s.to + this.windowMs <= to) {
        total += s.count;
      }
    }
    return total;
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

  /**
   * Learns whether their count is climbing: the least-squares slope of the latest readings over a sixth of the
   * window (10 of Autotask's 60 min, and never fewer than four polls), taken only when each half of that span rises
   * beyond twice the counting noise of their arrivals over it. A burst is a step in one half; a climb rises in
   * both. (Their count's slope is their rate now less their rate one window ago, with far less noise than either.)
   */
  private learnClimb(at: number, count: number): void {
    const spanMs = Math.max(this.windowMs * CLIMB_WINDOW_SHARE, CLIMB_SPACINGS * this.readingSpacingMs);
    this.levels = [...this.levels.filter((level) => level.at >= at - spanMs), { at, count }];
    this.climbPerMs = 0;
    const levels = this.levels;
    if (levels.length < CLIMB_READINGS) return;
    const first = levels[0] as Level;
    const middle = levels[Math.floor(levels.length / 2)] as Level;
    const beyondNoise = (from: Level, to: Level) =>
      to.count - from.count > NOISE_DEVIATIONS * Math.sqrt(Math.max(1, this.ratePerMs * (to.at - from.at)));
    if (!beyondNoise(first, middle) || !beyondNoise(middle, { at, count })) return;
    this.climbPerMs = Math.max(0, leastSquaresSlope(levels.map((level) => [level.at, level.count])));
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

/** The least-squares slope of y over x. */
function leastSquaresSlope(points: ReadonlyArray<readonly [number, number]>): number {
  const n = points.length;
  const meanX = points.reduce((sum, [x]) => sum + x, 0) / n;
  const meanY = points.reduce((sum, [, y]) => sum + y, 0) / n;
  let covariance = 0;
  let variance = 0;
  for (const [x, y] of points) {
    covariance += (x - meanX) * (y - meanY);
    variance += (x - meanX) ** 2;
  }
  return variance > 0 ? covariance / variance : 0;
}
