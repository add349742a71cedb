/**
 * The tenant's usage between polls. Autotask's counter is read every so often (a UsageSample); in between, the
 * estimate is the last sample, plus our own calls since it, minus our own calls that have left the rolling window
 * since it, plus the other integrations' observed rate times the sample's age.
 *
 * The others' rate is what the counter moved by between two samples after taking out everything of ours (calls
 * made and calls aged out): a net rate, because the counter only ever shows arrivals minus departures. Several
 * figures are kept: a smoothed rate for the best guess; the fastest rate recently seen for the worst case, which is
 * what the gate budgets against (the staler the sample, the more the others may have sent, the less we release);
 * and the fastest rate beyond what counting noise explains, a surge, remembered briefly to steer the pace and for
 * two windows as a sign that the others jump (callout storms come back).
 *
 * Unknown usage is never zero: with no sample, or with a sample older than the whole window (every call it counted
 * has left the window since), the estimate says so instead of guessing.
 */
import type { UsageSample } from './sample';
import { OwnCallLog } from './own-call-log';

const MINUTE = 60_000;

export interface EstimatorTuning {
  /** Time constant of the smoothed others' rate, as a share of the window (1/12: 5 min of a 60-min window). */
  smoothingShare: number;
  /** How long the fastest rate is remembered, as a share of the window (1/4: 15 min). */
  peakMemoryShare: number;
  /** How many standard deviations of counting noise a rate must exceed to count as a surge. */
  surgeNoiseDeviations: number;
  /** How long a surge is remembered, as a share of the window (1/12: 5 min). */
  surgeMemoryShare: number;
  /** How long the fastest surge is remembered as a sign of jumpy neighbours (callout storms recur), in windows. */
  jumpMemoryWindows: number;
  /**
   * Rates are measured over at least this share of the window (1/120: 30 s), so two samples taken a second apart
   * (a fresh poll before a batch) do not turn counting noise into a "fastest rate" that would stall the gate.
   */
  minRateSpanShare: number;
}

export const defaultEstimatorTuning: EstimatorTuning = {
  smoothingShare: 1 / 12,
  peakMemoryShare: 1 / 4,
  surgeNoiseDeviations: 2,
  surgeMemoryShare: 1 / 12,
  jumpMemoryWindows: 2,
  minRateSpanShare: 1 / 120,
};

export interface KnownEstimate {
  known: true;
  /** Clock time the estimate is for. */
  at: number;
  /** Best guess of the tenant's count in the window now. */
  used: number;
  /** The count if the others kept up the fastest rate recently seen since the sample: what the gate budgets on. */
  worstCase: number;
  limit: number;
  timeframeMinutes: number;
  sample: UsageSample;
  sampleAgeMs: number;
  /** Our calls since the sample, and ours that left the window since it. */
  ownSinceSample: number;
  ownAgedOutSinceSample: number;
  /** The others' net rate (arrivals minus departures), smoothed, and the fastest recently seen; per minute. */
  othersPerMinute: number;
  othersPeakPerMinute: number;
  /**
   * The fastest recent rate of the others beyond what counting noise explains (never below the smoothed rate):
   * a real surge, as opposed to a lucky half minute. Per minute.
   */
  othersSurgePerMinute: number;
  /** The others' calls in the window now (best guess): what is not ours. */
  othersInWindow: number;
  /** The fastest surge of the others over a longer memory (jumpMemoryWindows), per minute: how jumpy they are. */
  othersJumpPerMinute: number;
  /** Our own net rate (calls made minus calls aged out) over the last smoothing span, per minute. */
  ownPerMinute: number;
}

export interface UnknownEstimate {
  known: false;
  at: number;
  /** Why usage is unknown, in words. */
  why: string;
  /** The last sample, however old, for display. */
  sample?: UsageSample;
  sampleAgeMs?: number;
}

export type UsageEstimate = KnownEstimate | UnknownEstimate;

interface RateReading {
  at: number;
  perMs: number;
  /** The rate less the noise its measurement could hold: see surgePerMs. */
  beyondNoisePerMs: number;
}

/** When the counter was read: when it was asked for, if known (see UsageSample.requestedAt). */
function countedAt(sample: UsageSample): number {
  return Math.min(sample.takenAt, sample.requestedAt ?? sample.takenAt);
}

/**
 * A sample and how many of our calls it holds: those made by the time it was counted and reported before it
 * arrived. A call reported after the sample arrived is taken as not in it even if it bears the very same
 * millisecond (the gate releases a batch the moment a sample comes in): counting one of ours twice errs on the
 * safe side, missing one does not.
 */
interface Reading {
  sample: UsageSample;
  ownIncluded: number;
}

export class UsageEstimator {
  private readonly own: OwnCallLog;
  private readings: Reading[] = [];
  private smoothedPerMs = 0;
  private rates: RateReading[] = [];
  private readonly tuning: EstimatorTuning;
  /** The last estimate made, while nothing has changed since: the gate, the controller and the gateway's headers
   * all ask about the same moment. */
  private latest: UsageEstimate | undefined;

  constructor(tuning: Partial<EstimatorTuning> = {}) {
    this.tuning = { ...defaultEstimatorTuning, ...tuning };
    // Long enough for two windows of the longest timeframe Autotask reports (60 min), whatever a sample says later.
    this.own = new OwnCallLog(2 * 60 * MINUTE);
  }

  get lastSample(): UsageSample | undefined {
    return this.readings.at(-1)?.sample;
  }

  /** The rolling window in ms: the last sample's, or Autotask's 60 minutes before the first sample. */
  get windowMs(): number {
    return (this.lastSample?.timeframeMinutes ?? 60) * MINUTE;
  }

  recordOwnCall(at: number, count = 1): void {
    this.own.record(at, count);
    this.latest = undefined;
  }

  addSample(sample: UsageSample): void {
    this.latest = undefined;
    const previous = this.lastSample;
    if (previous && countedAt(sample) <= countedAt(previous)) return;
    if (previous && (previous.limit !== sample.limit || previous.timeframeMinutes !== sample.timeframeMinutes)) {
      // A different limit or window: the old readings measure something else, so rates start over.
      this.readings = [];
      this.rates = [];
      this.smoothedPerMs = 0;
    }
    const windowMs = sample.timeframeMinutes * MINUTE;
    const reading = { sample, ownIncluded: this.own.countUpTo(countedAt(sample)) };
    const base = this.readingBefore(reading, this.minSpanMs(windowMs));
    if (base) this.learnRate(base, reading, windowMs);
    this.readings.push(reading);
    this.forgetReadingsOlderThan(countedAt(sample) - this.minSpanMs(windowMs));
  }

  estimateAt(now: number): UsageEstimate {
    if (this.latest?.at !== now) this.latest = this.estimateAnew(now);
    return this.latest;
  }

  private estimateAnew(now: number): UsageEstimate {
    const last = this.readings.at(-1);
    if (!last) return { known: false, at: now, why: 'waiting for the first reading of the tenant’s counter' };
    const sample = last.sample;
    const ageMs = Math.max(0, now - countedAt(sample));
    const windowMs = sample.timeframeMinutes * MINUTE;
    if (ageMs >= windowMs) {
      return {
        known: false,
        at: now,
        why: `the last reading is ${Math.round(ageMs / MINUTE)} min old, older than the ${sample.timeframeMinutes}-min window`,
        sample,
        sampleAgeMs: ageMs,
      };
    }
    const ownSinceSample = this.own.countUpTo(now) - last.ownIncluded;
    const ownAgedOutSinceSample = this.own.countBetween(countedAt(sample) - windowMs, now - windowMs);
    const ours = sample.used + ownSinceSample - ownAgedOutSinceSample;
    const ownInWindow = this.own.countBetween(now - windowMs, now);
    const peakPerMs = this.peakPerMs(now);
    const surgePerMs = Math.max(this.smoothedPerMs, this.surgePerMs(now, windowMs * this.tuning.surgeMemoryShare));
    const used = Math.max(ownInWindow, ours + this.smoothedPerMs * ageMs);
    const worstCase = Math.max(used, ours + Math.max(0, peakPerMs, this.smoothedPerMs) * ageMs);
    const spanMs = windowMs * this.tuning.smoothingShare;
    const ownNet =
      this.own.countBetween(now - spanMs, now) - this.own.countBetween(now - spanMs - windowMs, now - windowMs);
    return {
      known: true,
      at: now,
      used,
      worstCase,
      limit: sample.limit,
      timeframeMinutes: sample.timeframeMinutes,
      sample,
      sampleAgeMs: ageMs,
      ownSinceSample,
      ownAgedOutSinceSample,
      othersPerMinute: this.smoothedPerMs * MINUTE,
      othersPeakPerMinute: peakPerMs * MINUTE,
      othersSurgePerMinute: surgePerMs * MINUTE,
      othersInWindow: Math.max(0, used - ownInWindow),
      othersJumpPerMinute:
        Math.max(surgePerMs, this.surgePerMs(now, windowMs * this.tuning.jumpMemoryWindows)) * MINUTE,
      ownPerMinute: (ownNet / spanMs) * MINUTE,
    };
  }

  /** When the last sample will be too old to steer by and usage becomes unknown (undefined: no sample). */
  unknownFrom(): number | undefined {
    const sample = this.lastSample;
    return sample ? countedAt(sample) + sample.timeframeMinutes * MINUTE : undefined;
  }

  /** Our calls that leave the window during (from, to]: capacity that frees up without anyone doing anything. */
  ownAgingOut(from: number, to: number): number {
    return this.own.countBetween(from - this.windowMs, to - this.windowMs);
  }

  /** Our calls made during (from, to]. */
  ownCallsBetween(from: number, to: number): number {
    return this.own.countBetween(from, to);
  }

  /** The next clock time after `now` at which one of our calls leaves the window, if any is in it. */
  nextOwnAgingAfter(now: number): number | undefined {
    const madeAt = this.own.firstCallAfter(now - this.windowMs);
    return madeAt === undefined ? undefined : Math.max(now + 1, madeAt + this.windowMs);
  }

  /** The newest earlier reading at least `spanMs` before this one. */
  private readingBefore(reading: Reading, spanMs: number): Reading | undefined {
    const latestAllowed = countedAt(reading.sample) - spanMs;
    for (let i = this.readings.length - 1; i >= 0; i--) {
      const candidate = this.readings[i];
      if (candidate && countedAt(candidate.sample) <= latestAllowed) return candidate;
    }
    return undefined;
  }

  /** How much the others' count moved between two readings: the counter's move less everything of ours. */
  private othersMove(base: Reading, reading: Reading, windowMs: number): number {
    const [from, to] = [countedAt(base.sample), countedAt(reading.sample)];
    const ownNet = reading.ownIncluded - base.ownIncluded - this.own.countBetween(from - windowMs, to - windowMs);
    return reading.sample.used - base.sample.used - ownNet;
  }

  private learnRate(base: Reading, reading: Reading, windowMs: number): void {
    const sample = reading.sample;
    const [from, to] = [countedAt(base.sample), countedAt(sample)];
    const spanMs = to - from;
    const perMs = this.othersMove(base, reading, windowMs) / spanMs;
    // The others' window holds about `others` calls that arrive over one window and leave over the next; counted
    // as independent arrivals and departures, the change over a span varies by sqrt(2 x others x span / window).
    const others = Math.max(0, sample.used - this.own.countBetween(to - windowMs, to));
    const noisePerMs = Math.sqrt((2 * others * spanMs) / windowMs) / spanMs;
    const beyondNoisePerMs = perMs - this.tuning.surgeNoiseDeviations * noisePerMs;
    const previous = this.lastSample;
    const sinceLastMs = previous ? to - countedAt(previous) : spanMs;
    const weight = this.rates.length === 0 ? 1 : 1 - Math.exp(-sinceLastMs / (windowMs * this.tuning.smoothingShare));
    this.smoothedPerMs += weight * (perMs - this.smoothedPerMs);
    this.rates.push({ at: to, perMs, beyondNoisePerMs });
    const memoryMs = windowMs * Math.max(this.tuning.peakMemoryShare, this.tuning.jumpMemoryWindows);
    this.rates = this.rates.filter((reading) => reading.at > to - memoryMs);
  }

  private peakPerMs(now: number): number {
    const memoryMs = this.windowMs * this.tuning.peakMemoryShare;
    let peak = Number.NEGATIVE_INFINITY;
    for (const reading of this.rates) if (reading.at > now - memoryMs && reading.perMs > peak) peak = reading.perMs;
    return peak === Number.NEGATIVE_INFINITY ? this.smoothedPerMs : peak;
  }

  private surgePerMs(now: number, memoryMs: number): number {
    let surge = 0;
    for (const reading of this.rates) {
      if (reading.at > now - memoryMs && reading.beyondNoisePerMs > surge) surge = reading.beyondNoisePerMs;
    }
    return surge;
  }

  private minSpanMs(windowMs: number): number {
    return windowMs * this.tuning.minRateSpanShare;
  }

  private forgetReadingsOlderThan(cutoff: number): void {
    // Keep the newest reading older than the cutoff: it is the base the next rate is measured from.
    const firstToKeep = this.readings.findIndex((reading) => countedAt(reading.sample) >= cutoff);
    if (firstToKeep > 1) this.readings = this.readings.slice(firstToKeep - 1);
  }
}
